import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

/** The Stripe customer of a user, made on their first checkout. */
@Entity({ name: 'customers' })
export class Customer {
  @PrimaryColumn({ name: 'user_id', type: 'uuid' }) userId: string;

  @Index('customers_stripe_customer_id_key', { unique: true })
  @Column({ name: 'stripe_customer_id', type: 'varchar', length: 255 })
  stripeCustomerId: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}
