import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import type { NotificationCategory } from '@sf/contracts';

/** A user's channels for one category; a category without a row has every channel on. */
@Entity({ name: 'notification_preferences' })
export class NotificationPreference {
  @PrimaryColumn({ name: 'user_id', type: 'uuid' }) userId: string;

  @PrimaryColumn({ type: 'varchar', length: 30 }) category: NotificationCategory;

  @Column({ name: 'in_app', type: 'boolean' }) inApp: boolean;

  @Column({ type: 'boolean' }) email: boolean;

  @Column({ type: 'boolean' }) push: boolean;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}
