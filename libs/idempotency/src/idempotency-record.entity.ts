import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** The first answer to a request carrying an `Idempotency-Key`, replayed for repeats. */
@Entity({ name: 'idempotency_records' })
export class IdempotencyRecord {
  @PrimaryColumn({ name: 'user_id', type: 'uuid' }) userId: string;

  @PrimaryColumn({ type: 'varchar', length: 50 }) operation: string;

  @PrimaryColumn({ type: 'varchar', length: 200 }) key: string;

  /** sha256 of the request body: the same key with another request is refused. */
  @Column({ type: 'varchar', length: 64 }) fingerprint: string;

  @Column({ type: 'jsonb', nullable: true }) response: unknown;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}

/** Spread into a service's entities (and generate its migration) to keep idempotency records. */
export const IDEMPOTENCY_ENTITIES = [IdempotencyRecord];
