import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { krw } from '../columns';

export interface OrderLine {
  product_id: string;
  description: string | null;
  quantity: number;
  price_krw: number;
  amount_krw: number;
}

@Entity({ name: 'orders' })
@Index('orders_user_idx', ['userId', 'createdAt'])
export class Order {
  @PrimaryGeneratedColumn('uuid') id: string;

  @Column({ name: 'user_id', type: 'uuid' }) userId: string;

  /** `ORD-YYYYMMDD-XXXX`, XXXX from the `order_numbers` sequence. */
  @Index('orders_order_number_key', { unique: true })
  @Column({ name: 'order_number', type: 'varchar', length: 30 })
  orderNumber: string;

  /** pending | paid | processing | shipped | delivered | cancelled */
  @Column({ type: 'varchar', length: 20 }) status: string;

  @Column({ type: 'jsonb' }) items: OrderLine[];

  @Column({ name: 'total_krw', type: 'bigint', transformer: krw }) totalKrw: number;

  @Column({ name: 'billing_address', type: 'jsonb', nullable: true }) billingAddress: Record<string, unknown> | null;

  @Column({ name: 'shipping_address', type: 'jsonb', nullable: true }) shippingAddress: Record<string, unknown> | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}
