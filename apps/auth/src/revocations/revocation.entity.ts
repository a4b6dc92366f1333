import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A session or user whose access tokens must be refused before they expire. Kept until the
 * last such token would have expired, so a gateway that starts can load what is still in force.
 */
@Entity({ name: 'revocations' })
export class RevocationRecord {
  @PrimaryGeneratedColumn('uuid') id: string;

  @Column({ type: 'varchar', length: 20 }) kind: 'session' | 'user';

  @Column({ name: 'target_id', type: 'uuid' }) targetId: string;

  @Index('revocations_until_idx')
  @Column({ type: 'timestamptz' })
  until: Date;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}
