import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { krw } from '../columns';

/**
 * Money received or expected: a one-time charge another service asked for (`kind` charge, its
 * `reference` unique), or a subscription's periodic charge (`kind` subscription).
 */
@Entity({ name: 'payments' })
@Index('payments_charge_reference_key', ['reference'], { unique: true, where: "kind = 'charge'" })
@Index('payments_user_idx', ['userId', 'createdAt'])
export class Payment {
  @PrimaryGeneratedColumn('uuid') id: string;

  @Column({ name: 'user_id', type: 'uuid' }) userId: string;

  /** charge | subscription */
  @Column({ type: 'varchar', length: 20 }) kind: string;

  @Column({ type: 'varchar', length: 200 }) reference: string;

  @Column({ type: 'varchar', length: 300 }) description: string;

  @Column({ name: 'amount_krw', type: 'bigint', transformer: krw }) amountKrw: number;

  @Column({ type: 'varchar', length: 3, default: 'KRW' }) currency: string;

  /** pending | completed | failed | refunded | partially_refunded | expired */
  @Column({ type: 'varchar', length: 20 }) status: string;

  @Index('payments_stripe_payment_intent_id_key', { unique: true })
  @Column({ name: 'stripe_payment_intent_id', type: 'varchar', length: 255, nullable: true })
  stripePaymentIntentId: string | null;

  @Index('payments_stripe_invoice_id_key', { unique: true })
  @Column({ name: 'stripe_invoice_id', type: 'varchar', length: 255, nullable: true })
  stripeInvoiceId: string | null;

  @Column({ name: 'stripe_subscription_id', type: 'varchar', length: 255, nullable: true }) stripeSubscriptionId: string | null;

  @Column({ name: 'failure_reason', type: 'varchar', length: 300, nullable: true }) failureReason: string | null;

  @Column({ name: 'refunded_krw', type: 'bigint', default: 0, transformer: krw }) refundedKrw: number;

  @Column({ name: 'paid_at', type: 'timestamptz', nullable: true }) paidAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}

/** A refund of a charge; one per payment (per caller reference). */
@Entity({ name: 'refunds' })
export class Refund {
  @PrimaryGeneratedColumn('uuid') id: string;

  @Index('refunds_payment_id_key', { unique: true })
  @Column({ name: 'payment_id', type: 'uuid' })
  paymentId: string;

  @Column({ name: 'user_id', type: 'uuid' }) userId: string;

  @Column({ type: 'varchar', length: 200 }) reference: string;

  @Column({ name: 'amount_krw', type: 'bigint', transformer: krw }) amountKrw: number;

  @Column({ type: 'varchar', length: 300 }) reason: string;

  /** pending | succeeded | failed */
  @Column({ type: 'varchar', length: 20 }) status: string;

  @Index('refunds_stripe_refund_id_key', { unique: true })
  @Column({ name: 'stripe_refund_id', type: 'varchar', length: 255, nullable: true })
  stripeRefundId: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}
