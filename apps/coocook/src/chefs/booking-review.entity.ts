import { Check, Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** A guest's review of a chef after a completed booking: one per booking. */
@Entity({ name: 'booking_reviews' })
@Index('booking_reviews_chef_created_idx', ['chefId', 'createdAt'])
@Check('booking_reviews_rating_check', 'rating BETWEEN 1 AND 5')
export class BookingReview {
  @PrimaryGeneratedColumn('uuid') id: string;

  @Index('booking_reviews_booking_id_key', { unique: true })
  @Column({ name: 'booking_id', type: 'uuid' })
  bookingId: string;

  @Column({ name: 'chef_id', type: 'uuid' }) chefId: string;

  @Column({ name: 'guest_id', type: 'uuid' }) guestId: string;

  @Column({ type: 'smallint' }) rating: number;

  @Column({ type: 'text', nullable: true }) comment: string | null;

  /** When a moderator removed it: out of the chef's reviews and rating. */
  @Column({ name: 'removed_at', type: 'timestamptz', nullable: true }) removedAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}
