import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { krw } from '../columns';

/** A Stripe Checkout session this service opened: for a subscription or for a one-time payment. */
@Entity({ name: 'checkout_sessions' })
@Index('checkout_sessions_user_idx', ['userId', 'createdAt'])
export class CheckoutSession {
  @PrimaryGeneratedColumn('uuid') id: string;

  @Index('checkout_sessions_stripe_session_id_key', { unique: true })
  @Column({ name: 'stripe_session_id', type: 'varchar', length: 255 })
  stripeSessionId: string;

  @Column({ name: 'user_id', type: 'uuid' }) userId: string;

  /** subscription | payment */
  @Column({ type: 'varchar', length: 20 }) mode: string;

  @Column({ name: 'product_id', type: 'int', nullable: true }) productId: number | null;

  @Column({ name: 'plan_id', type: 'int', nullable: true }) planId: number | null;

  @Column({ name: 'plan_type', type: 'varchar', length: 10, nullable: true }) planType: string | null;

  @Column({ name: 'payment_id', type: 'uuid', nullable: true }) paymentId: string | null;

  @Column({ name: 'amount_krw', type: 'bigint', transformer: krw }) amountKrw: number;

  /** open | complete | expired */
  @Column({ type: 'varchar', length: 20, default: 'open' }) status: string;

  /** paid | unpaid | no_payment_required */
  @Column({ name: 'payment_status', type: 'varchar', length: 30, default: 'unpaid' }) paymentStatus: string;

  @Column({ type: 'text' }) url: string;

  @Column({ name: 'stripe_subscription_id', type: 'varchar', length: 255, nullable: true }) stripeSubscriptionId: string | null;

  @Column({ name: 'expires_at', type: 'timestamptz', nullable: true }) expiresAt: Date | null;

  @Column({ name: 'completed_at', type: 'timestamptz', nullable: true }) completedAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}
