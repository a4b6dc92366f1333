import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { BookingStatus } from '@sf/contracts';
import type { Chef } from '../chefs/chef.entity';

/**
 * A guest's booking of a chef for `duration_hours` from `booking_date`. The price is fixed at
 * booking time from the chef's hourly rate. No two bookings of a chef that still hold their slot
 * overlap: creation locks the chef's row and checks (see BookingsService.create).
 */
@Entity({ name: 'bookings' })
@Index('bookings_chef_slot_idx', ['chefId', 'bookingDate'])
@Index('bookings_guest_created_idx', ['guestId', 'createdAt'])
@Index('bookings_chef_user_created_idx', ['chefUserId', 'createdAt'])
@Index('bookings_guest_idempotency_key', ['guestId', 'idempotencyKey'], { unique: true, where: 'idempotency_key IS NOT NULL' })
@Check('bookings_duration_check', 'duration_hours BETWEEN 1 AND 24')
@Check('bookings_price_check', 'total_price >= 0')
export class Booking {
  @PrimaryGeneratedColumn('uuid') id: string;

  @Column({ name: 'chef_id', type: 'uuid' }) chefId: string;

  @ManyToOne('Chef', { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'chef_id' })
  chef?: Chef;

  /** The chef's user, so that "my bookings as chef" needs no join. */
  @Column({ name: 'chef_user_id', type: 'uuid' }) chefUserId: string;

  @Column({ name: 'guest_id', type: 'uuid' }) guestId: string;

  @Column({ name: 'booking_date', type: 'timestamptz' }) bookingDate: Date;

  @Column({ name: 'ends_at', type: 'timestamptz' }) endsAt: Date;

  @Column({ name: 'duration_hours', type: 'integer' }) durationHours: number;

  @Column({ name: 'special_requests', type: 'text', nullable: true }) specialRequests: string | null;

  @Index('bookings_status_idx')
  @Column({ type: 'varchar', length: 20, default: 'pending' })
  status: BookingStatus;

  @Column({ name: 'hourly_rate_krw', type: 'integer' }) hourlyRateKrw: number;

  @Column({ name: 'total_price', type: 'integer' }) totalPrice: number;

  @Column({ name: 'payment_id', type: 'varchar', length: 100, nullable: true }) paymentId: string | null;

  @Column({ name: 'paid_at', type: 'timestamptz', nullable: true }) paidAt: Date | null;

  @Column({ name: 'confirmed_at', type: 'timestamptz', nullable: true }) confirmedAt: Date | null;

  @Column({ name: 'completed_at', type: 'timestamptz', nullable: true }) completedAt: Date | null;

  @Column({ name: 'cancelled_at', type: 'timestamptz', nullable: true }) cancelledAt: Date | null;

  @Column({ name: 'cancelled_by', type: 'varchar', length: 10, nullable: true }) cancelledBy: 'guest' | 'chef' | null;

  @Column({ name: 'cancellation_reason', type: 'varchar', length: 500, nullable: true }) cancellationReason: string | null;

  @Column({ name: 'refund_amount_krw', type: 'integer', nullable: true }) refundAmountKrw: number | null;

  @Column({ name: 'refund_id', type: 'varchar', length: 100, nullable: true }) refundId: string | null;

  @Column({ name: 'idempotency_key', type: 'varchar', length: 200, nullable: true }) idempotencyKey: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}
