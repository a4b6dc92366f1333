import { Column, Entity, Index, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/**
 * One subscription as a consuming service knows it from `subscription.*` events: a local
 * projection (table `entitlements` in the consumer's own schema), so entitlement checks never
 * call the payment service.
 */
@Entity({ name: 'entitlements' })
@Index('entitlements_user_product_idx', ['userId', 'productId'])
export class Entitlement {
  @PrimaryColumn({ name: 'subscription_id', type: 'uuid' }) subscriptionId: string;

  @Column({ name: 'user_id', type: 'uuid' }) userId: string;

  @Column({ name: 'product_id', type: 'int' }) productId: number;

  @Column({ name: 'product_slug', type: 'varchar', length: 50 }) productSlug: string;

  @Column({ name: 'plan_slug', type: 'varchar', length: 20 }) planSlug: string;

  @Column({ name: 'plan_type', type: 'varchar', length: 10 }) planType: string;

  @Column({ type: 'varchar', length: 20 }) status: string;

  @Column({ name: 'current_period_end', type: 'timestamptz', nullable: true }) currentPeriodEnd: Date | null;

  @Column({ name: 'cancel_at_period_end', type: 'boolean', default: false }) cancelAtPeriodEnd: boolean;

  /** The payment service's version of the subscription when this row was written; older events are ignored. */
  @Column({ type: 'bigint', default: 0 }) version: string;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}

export const ENTITLEMENT_ENTITIES = [Entitlement];
