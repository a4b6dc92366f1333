import { Column, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/** A user as auth's events describe them: the dashboard's name and email. */
@Entity('platform_users')
export class PlatformUser {
  @PrimaryColumn({ name: 'user_id', type: 'uuid' }) userId: string;
  @Column({ type: 'varchar', length: 320 }) email: string;
  @Column({ type: 'varchar', length: 200 }) name: string;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}

export const USAGE_KINDS = ['booking', 'recipe', 'file', 'sns_post', 'review_campaign', 'review_application'] as const;
export type UsageKind = (typeof USAGE_KINDS)[number];

/**
 * One thing a user has in a product (a booking, a published recipe, a stored file, an SNS post, a
 * review campaign hosted or application made), as its last
 * event left it; usage figures are counts over these rows, so a redelivered or repeated event
 * changes nothing. `gone` marks a deleted one (kept, so an older event cannot bring it back).
 */
@Entity('usage_items')
@Index('usage_items_user_idx', ['userId', 'kind'])
export class UsageItem {
  @PrimaryColumn({ type: 'varchar', length: 20 }) kind: UsageKind;
  @PrimaryColumn({ name: 'item_id', type: 'uuid' }) itemId: string;
  @Column({ name: 'user_id', type: 'uuid' }) userId: string;
  @Column({ type: 'varchar', length: 20, nullable: true }) status: string | null;
  @Column({ type: 'bigint', default: 0 }) bytes: string;
  @Column({ type: 'boolean', default: false }) gone: boolean;
  /** The source's own version of the item (recipes), to ignore an older state. */
  @Column({ type: 'timestamptz', nullable: true }) version: Date | null;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}

/** One line of a user's recent activity, from an event about them. */
@Entity('activity')
@Index('activity_user_at_idx', ['userId', 'at'])
export class Activity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ name: 'user_id', type: 'uuid' }) userId: string;
  @Column({ type: 'varchar', length: 60 }) type: string;
  @Column({ type: 'varchar', length: 300 }) title: string;
  @Column({ type: 'timestamptz' }) at: Date;
}

/**
 * A user's unread in-app notifications, as the notifications service last reported it (each of
 * its events carries the count after the change); `as_of` keeps an older event from winning.
 */
@Entity('unread_notifications')
export class UnreadNotifications {
  @PrimaryColumn({ name: 'user_id', type: 'uuid' }) userId: string;
  @Column({ name: 'unread_count', type: 'int' }) unreadCount: number;
  @Column({ name: 'as_of', type: 'timestamptz' }) asOf: Date;
}
