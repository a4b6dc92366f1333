import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** A Stripe event applied; its effect and this row commit together, so a replay changes nothing. */
@Entity({ name: 'stripe_events' })
export class StripeEventRecord {
  @PrimaryColumn({ type: 'varchar', length: 255 }) id: string;

  @Column({ type: 'varchar', length: 100 }) type: string;

  /** Stripe's `created` (epoch s). */
  @Column({ name: 'stripe_created', type: 'bigint' }) stripeCreated: string;

  @CreateDateColumn({ name: 'received_at', type: 'timestamptz' }) receivedAt: Date;
}
