import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

/** An account as auth's events describe it: admin's projection, never written by a client. */
@Entity({ name: 'accounts' })
export class Account {
  @PrimaryColumn('uuid', { name: 'user_id' }) userId: string;

  @Index('accounts_email_idx')
  @Column({ type: 'varchar', length: 254, nullable: true })
  email: string | null;

  @Column({ type: 'varchar', length: 100, nullable: true }) name: string | null;

  /** The built-in roles auth holds and puts in tokens. */
  @Column({ type: 'text', array: true, default: () => "'{user}'" }) roles: string[];

  @Column({ type: 'varchar', length: 20, default: 'free' }) tier: string;

  /** `active`, `banned`, `deactivated` (auth's) or `deleted`. */
  @Column({ type: 'varchar', length: 20, default: 'active' }) status: string;

  @Column({ name: 'ban_reason', type: 'varchar', length: 500, nullable: true }) banReason: string | null;

  @Column({ name: 'banned_until', type: 'timestamptz', nullable: true }) bannedUntil: Date | null;

  @Column({ name: 'last_login_at', type: 'timestamptz', nullable: true }) lastLoginAt: Date | null;

  /** Failed sign-ins since the last successful one. */
  @Column({ name: 'failed_logins', type: 'integer', default: 0 }) failedLogins: number;

  /** When auth registered the account, as its event says. */
  @Column({ name: 'registered_at', type: 'timestamptz', nullable: true }) registeredAt: Date | null;

  /** The time of the newest event applied to `roles`, so an older one redelivered changes nothing. */
  @Column({ name: 'roles_at', type: 'timestamptz', nullable: true }) rolesAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}
