import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { krw } from '../columns';

/** A user's subscription to one product at one plan level, as Stripe last told us. */
@Entity({ name: 'subscriptions' })
@Index('subscriptions_user_product_idx', ['userId', 'productId'])
export class Subscription {
  @PrimaryGeneratedColumn('uuid') id: string;

  @Column({ name: 'user_id', type: 'uuid' }) userId: string;

  @Index('subscriptions_stripe_subscription_id_key', { unique: true })
  @Column({ name: 'stripe_subscription_id', type: 'varchar', length: 255 })
  stripeSubscriptionId: string;

  @Column({ name: 'stripe_customer_id', type: 'varchar', length: 255, nullable: true }) stripeCustomerId: string | null;

  @Column({ name: 'stripe_item_id', type: 'varchar', length: 255, nullable: true }) stripeItemId: string | null;

  @Column({ name: 'stripe_price_id', type: 'varchar', length: 255, nullable: true }) stripePriceId: string | null;

  @Column({ name: 'product_id', type: 'int' }) productId: number;

  @Column({ name: 'plan_id', type: 'int' }) planId: number;

  @Column({ name: 'plan_slug', type: 'varchar', length: 20 }) planSlug: string;

  /** monthly | annual */
  @Column({ name: 'plan_type', type: 'varchar', length: 10 }) planType: string;

  /** incomplete | active | trialing | past_due | canceled | expired */
  @Column({ type: 'varchar', length: 20 }) status: string;

  @Column({ name: 'amount_krw', type: 'bigint', transformer: krw }) amountKrw: number;

  @Column({ name: 'current_period_start', type: 'timestamptz', nullable: true }) currentPeriodStart: Date | null;

  @Column({ name: 'current_period_end', type: 'timestamptz', nullable: true }) currentPeriodEnd: Date | null;

  @Column({ name: 'cancel_at_period_end', type: 'boolean', default: false }) cancelAtPeriodEnd: boolean;

  @Column({ name: 'canceled_at', type: 'timestamptz', nullable: true }) canceledAt: Date | null;

  /** Collection paused in Stripe: the service goes on, nothing is charged until it resumes. */
  @Column({ type: 'boolean', default: false }) paused: boolean;

  /** Increases with every change announced; consumers drop older events by it. */
  @Column({ type: 'int', default: 0 }) version: number;

  /** Stripe time (epoch s) of the newest state applied: older webhooks change nothing. */
  @Column({ name: 'stripe_observed_at', type: 'bigint', default: 0, transformer: krw }) stripeObservedAt: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}
