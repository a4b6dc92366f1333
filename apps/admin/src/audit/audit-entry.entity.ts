import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * One line of the audit log: insert-only (a trigger refuses UPDATE and DELETE), each row's hash
 * covering its content and the previous row's hash, so an edited or removed row breaks the chain.
 */
@Entity({ name: 'audit_log' })
@Index('audit_log_user_idx', ['userId', 'createdAt'])
@Index('audit_log_action_idx', ['action', 'createdAt'])
export class AuditEntry {
  /** Position in the chain, from 1. */
  @PrimaryColumn({ type: 'bigint' }) seq: string;

  @Index('audit_log_id_key', { unique: true })
  @Column('uuid')
  id: string;

  /** Who acted (null: the platform itself, e.g. an expiry). */
  @Column({ name: 'actor_id', type: 'uuid', nullable: true }) actorId: string | null;

  /** The admin behind an impersonated call. */
  @Column({ name: 'impersonator_id', type: 'uuid', nullable: true }) impersonatorId: string | null;

  /** The account the entry is about. */
  @Column({ name: 'user_id', type: 'uuid', nullable: true }) userId: string | null;

  @Column({ type: 'varchar', length: 100 }) action: string;

  @Column({ name: 'resource_type', type: 'varchar', length: 50 }) resourceType: string;

  @Column({ name: 'resource_id', type: 'varchar', length: 100, nullable: true }) resourceId: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true }) ip: string | null;

  @Column({ name: 'request_id', type: 'varchar', length: 100, nullable: true }) requestId: string | null;

  @Column({ type: 'jsonb', default: () => "'{}'" }) details: Record<string, unknown>;

  @Column({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;

  @Column({ name: 'prev_hash', type: 'varchar', length: 64 }) prevHash: string;

  @Column({ type: 'varchar', length: 64 }) hash: string;
}
