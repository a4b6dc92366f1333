import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** One thing that happened to an account (a sign-in, a ban, a role change), from its event. */
@Entity({ name: 'account_activities' })
@Index('account_activities_user_idx', ['userId', 'createdAt'])
export class AccountActivity {
  /** The event's id: a redelivered event adds nothing. */
  @PrimaryColumn('uuid') id: string;

  @Column({ name: 'user_id', type: 'uuid' }) userId: string;

  @Column({ type: 'varchar', length: 50 }) type: string;

  @Column({ type: 'varchar', length: 64, nullable: true }) ip: string | null;

  @Column({ type: 'jsonb', default: () => "'{}'" }) details: Record<string, unknown>;

  @Column({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}

/** A subscription of an account, as payment's events tell it. */
@Entity({ name: 'account_subscriptions' })
export class AccountSubscription {
  @PrimaryColumn({ name: 'subscription_id', type: 'varchar', length: 100 }) subscriptionId: string;

  @Index('account_subscriptions_user_idx')
  @Column({ name: 'user_id', type: 'uuid' })
  userId: string;

  @Column({ name: 'product_id', type: 'integer' }) productId: number;
  @Column({ name: 'product_slug', type: 'varchar', length: 50 }) productSlug: string;
  @Column({ name: 'plan_slug', type: 'varchar', length: 50 }) planSlug: string;
  @Column({ name: 'plan_type', type: 'varchar', length: 20 }) planType: string;
  @Column({ type: 'varchar', length: 30 }) status: string;
  @Column({ name: 'current_period_end', type: 'timestamptz', nullable: true }) currentPeriodEnd: Date | null;
  /** The event's version: an older one changes nothing. */
  @Column({ type: 'integer' }) version: number;
  @Column({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}
