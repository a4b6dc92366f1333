import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';
import type { NotificationCategory } from '@sf/contracts';

/** One in-app notification of one user. Its id derives from the event and the user, so a repeat is the same row. */
@Entity({ name: 'notifications' })
@Index('notifications_user_created_idx', ['userId', 'createdAt'])
@Index('notifications_user_unread_idx', ['userId'], { where: 'read_at IS NULL' })
export class Notification {
  @PrimaryColumn('uuid') id: string;

  @Column({ name: 'user_id', type: 'uuid' }) userId: string;

  @Column({ type: 'varchar', length: 30 }) category: NotificationCategory;

  @Column({ type: 'varchar', length: 100 }) type: string;

  @Column({ type: 'varchar', length: 200 }) title: string;

  @Column({ type: 'varchar', length: 2000 }) body: string;

  @Column({ type: 'jsonb' }) data: Record<string, unknown>;

  @Column({ name: 'read_at', type: 'timestamptz', nullable: true }) readAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}
