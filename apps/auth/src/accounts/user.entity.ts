import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { AccountStatus, Role, Tier } from '@sf/contracts';

@Entity({ name: 'users' })
export class User {
  @PrimaryGeneratedColumn('uuid') id: string;

  /** Stored lower-cased; unique. */
  @Index('users_email_key', { unique: true })
  @Column({ type: 'varchar', length: 254 })
  email: string;

  @Column({ type: 'varchar', length: 100 }) name: string;

  /** argon2id; null for accounts that only sign in through OAuth. */
  @Column({ name: 'password_hash', type: 'text', nullable: true }) passwordHash: string | null;

  @Column({ type: 'text', array: true, default: () => "'{user}'" }) roles: Role[];

  @Column({ type: 'varchar', length: 20, default: 'free' }) tier: Tier;

  /** Permissions beyond the roles' (admin's custom roles and allow overrides); carried in tokens. */
  @Column({ name: 'permission_grants', type: 'text', array: true, default: () => "'{}'" }) permissionGrants: string[];

  /** Permissions withdrawn from the roles' (admin's deny overrides); carried in tokens. */
  @Column({ name: 'permission_denies', type: 'text', array: true, default: () => "'{}'" }) permissionDenies: string[];

  /** `active`, `banned` (until `banned_until`, or for good) or `deactivated`: only active accounts sign in. */
  @Column({ type: 'varchar', length: 20, default: 'active' }) status: AccountStatus;

  @Column({ name: 'ban_reason', type: 'varchar', length: 500, nullable: true }) banReason: string | null;

  @Column({ name: 'banned_until', type: 'timestamptz', nullable: true }) bannedUntil: Date | null;

  @Column({ name: 'avatar_url', type: 'text', nullable: true }) avatarUrl: string | null;

  @Column({ name: 'totp_secret', type: 'text', nullable: true }) totpSecret: string | null;

  @Column({ name: 'totp_enabled', type: 'boolean', default: false }) totpEnabled: boolean;

  /** Last TOTP time step accepted, so a code cannot be replayed. */
  @Column({ name: 'totp_last_step', type: 'bigint', nullable: true }) totpLastStep: string | null;

  @Column({ name: 'failed_logins', type: 'integer', default: 0 }) failedLogins: number;

  @Column({ name: 'locked_until', type: 'timestamptz', nullable: true }) lockedUntil: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}
