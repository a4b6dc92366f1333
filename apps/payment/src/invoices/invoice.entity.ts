import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { krw, percent } from '../columns';

export interface InvoiceLine {
  description: string;
  quantity: number;
  price_krw: number;
  amount_krw: number;
}

@Entity({ name: 'invoices' })
@Index('invoices_user_idx', ['userId', 'createdAt'])
export class Invoice {
  @PrimaryGeneratedColumn('uuid') id: string;

  @Column({ name: 'user_id', type: 'uuid' }) userId: string;

  /** `YYYYMMDD-XXXX` from the per-day counter. */
  @Index('invoices_number_key', { unique: true })
  @Column({ type: 'varchar', length: 20 })
  number: string;

  /** draft | issued | paid | canceled */
  @Column({ type: 'varchar', length: 20 }) status: string;

  @Column({ type: 'jsonb' }) items: InvoiceLine[];

  @Column({ name: 'subtotal_krw', type: 'bigint', transformer: krw }) subtotalKrw: number;

  @Column({ name: 'tax_percent', type: 'numeric', precision: 5, scale: 2, transformer: percent }) taxPercent: number;

  @Column({ name: 'tax_krw', type: 'bigint', transformer: krw }) taxKrw: number;

  @Column({ name: 'total_krw', type: 'bigint', transformer: krw }) totalKrw: number;

  @Column({ name: 'due_date', type: 'date', nullable: true }) dueDate: string | null;

  @Column({ name: 'order_id', type: 'uuid', nullable: true }) orderId: string | null;

  @Column({ name: 'recipient_email', type: 'varchar', length: 254, nullable: true }) recipientEmail: string | null;

  @Column({ type: 'text', nullable: true }) notes: string | null;

  @Index('invoices_stripe_invoice_id_key', { unique: true })
  @Column({ name: 'stripe_invoice_id', type: 'varchar', length: 255, nullable: true })
  stripeInvoiceId: string | null;

  @Column({ name: 'stripe_invoice_url', type: 'text', nullable: true }) stripeInvoiceUrl: string | null;

  @Column({ name: 'stripe_subscription_id', type: 'varchar', length: 255, nullable: true }) stripeSubscriptionId: string | null;

  @Column({ name: 'issued_at', type: 'timestamptz', nullable: true }) issuedAt: Date | null;

  @Column({ name: 'paid_at', type: 'timestamptz', nullable: true }) paidAt: Date | null;

  @Column({ name: 'canceled_at', type: 'timestamptz', nullable: true }) canceledAt: Date | null;

  @Column({ name: 'sent_at', type: 'timestamptz', nullable: true }) sentAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}
