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

  /** `active` or `deleted`. */
  @Column({ type: 'varchar', length: 20, default: 'active' }) status: string;

  /** When auth registered the account, as its event says. */
  @Column({ name: 'registered_at', type: 'timestamptz', nullable: true }) registeredAt: Date | null;

  /** The time of the newest event applied to `roles`, so an older one redelivered changes nothing. */
  @Column({ name: 'roles_at', type: 'timestamptz', nullable: true }) rolesAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}
