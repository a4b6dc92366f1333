import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import {
  ChannelPreferences,
  NOTIFICATION_CATEGORIES,
  NotificationCategory,
  NotificationChannel,
  NotificationPreferencesView,
  UpdateNotificationPreferencesDto,
  UserContext,
} from '@sf/contracts';
import { inTransaction } from '@sf/idempotency';

const ALL_ON: ChannelPreferences = { in_app: true, email: true, push: true };

interface PreferenceRow {
  category: NotificationCategory;
  in_app: boolean;
  email: boolean;
  push: boolean;
}

/** Per category and channel, what a user wants to receive; everything is on until they say otherwise. */
@Injectable()
export class PreferencesService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private async channels(manager: EntityManager, userId: string): Promise<Record<NotificationCategory, ChannelPreferences>> {
    const rows = (await manager.query(`SELECT category, in_app, email, push FROM notification_preferences WHERE user_id = $1`, [
      userId,
    ])) as PreferenceRow[];
    const result = Object.fromEntries(NOTIFICATION_CATEGORIES.map((c) => [c, { ...ALL_ON }])) as Record<
      NotificationCategory,
      ChannelPreferences
    >;
    for (const row of rows) if (row.category in result) result[row.category] = { in_app: row.in_app, email: row.email, push: row.push };
    return result;
  }

  /** Whether `userId` takes `category` on `channel` (read in the caller's transaction, or on its own). */
  async wants(userId: string, category: NotificationCategory, channel: NotificationChannel, manager?: EntityManager): Promise<boolean> {
    const [row] = (await (manager ?? this.dataSource.manager).query(
      `SELECT in_app, email, push FROM notification_preferences WHERE user_id = $1 AND category = $2`,
      [userId, category],
    )) as PreferenceRow[];
    return row ? row[channel] : true;
  }

  async get(ctx: UserContext): Promise<NotificationPreferencesView> {
    return { categories: await this.channels(this.dataSource.manager, ctx.user_id) };
  }

  async update(ctx: UserContext, body: UpdateNotificationPreferencesDto): Promise<NotificationPreferencesView> {
    return inTransaction(this.dataSource, async (manager) => {
      const current = await this.channels(manager, ctx.user_id);
      for (const category of NOTIFICATION_CATEGORIES) {
        const change = body.categories[category];
        if (!change) continue;
        const next = { ...current[category], ...Object.fromEntries(Object.entries(change).filter(([, v]) => typeof v === 'boolean')) };
        current[category] = next;
        await manager.query(
          `INSERT INTO notification_preferences (user_id, category, in_app, email, push) VALUES ($1, $2, $3, $4, $5)
           ON CONFLICT (user_id, category) DO UPDATE SET in_app = $3, email = $4, push = $5, updated_at = now()`,
          [ctx.user_id, category, next.in_app, next.email, next.push],
        );
      }
      return { categories: current };
    });
  }
}
