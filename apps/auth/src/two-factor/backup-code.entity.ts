import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import type { User } from '../accounts/user.entity';

/** A single-use 2FA backup code, stored as its SHA-256. */
@Entity({ name: 'backup_codes' })
export class BackupCode {
  @PrimaryGeneratedColumn('uuid') id: string;

  @Index('backup_codes_user_id_idx')
  @Column({ name: 'user_id', type: 'uuid' })
  userId: string;

  @ManyToOne('User', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: User;

  @Column({ name: 'code_hash', type: 'varchar', length: 64 }) codeHash: string;

  @Column({ name: 'used_at', type: 'timestamptz', nullable: true }) usedAt: Date | null;
}
