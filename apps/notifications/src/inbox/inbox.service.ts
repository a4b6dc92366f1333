import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import {
  actionUrlOf,
  AlertKind,
  AlertTriggeredPush,
  listView,
  NotificationCategory,
  NotificationListQuery,
  NotificationListView,
  NotificationStatsView,
  NotificationView,
  PushReceivedPush,
  ReadAllView,
  resolvePage,
  UserContext,
} from '@sf/contracts';
import { returnedRows } from '@sf/database';
import { NotFound } from '@sf/errors';
import { NotificationsEventLog } from '../events/notifications-event-log';
import { PreferencesService } from '../preferences/preferences.service';
import { PushPublisher } from '../pushes/push-publisher';
import { notificationId } from './notification-id';
import { inTransaction } from '@sf/idempotency';

interface NotificationRow {
  id: string;
  category: NotificationCategory;
  type: string;
  title: string;
  body: string;
  data: Record<string, unknown>;
  read_at: Date | null;
  created_at: Date;
}

const COLUMNS = 'id, category, type, title, body, data, read_at, created_at';

function toView(row: NotificationRow): NotificationView {
  return {
    id: row.id,
    category: row.category,
    type: row.type,
    title: row.title,
    body: row.body,
    data: row.data,
    read: row.read_at !== null,
    read_at: row.read_at?.toISOString() ?? null,
    created_at: row.created_at.toISOString(),
  };
}

/** What an event tells one user. */
export interface NoticeDraft {
  eventId: string;
  userId: string;
  category: NotificationCategory;
  type: string;
  title: string;
  body: string;
  data: Record<string, unknown>;
  /** Also an `alert:triggered` push (security and account alerts). */
  alert?: { kind: AlertKind; severity: AlertTriggeredPush['severity'] };
}

/** The in-app notifications: made from events, read and tidied by their owner. */
@Injectable()
export class InboxService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly preferences: PreferencesService,
    private readonly events: NotificationsEventLog,
    private readonly pushes: PushPublisher,
  ) {}

  private async unreadCount(manager: EntityManager, userId: string): Promise<number> {
    const [row] = (await manager.query(`SELECT count(*)::int AS n FROM notifications WHERE user_id = $1 AND read_at IS NULL`, [
      userId,
    ])) as { n: number }[];
    return row.n;
  }

  /**
   * Records the notice in the consumer's transaction (unless the user turned the category's
   * in-app channel off) with its `notification.created` event, and pushes `push:received` (and,
   * for an alert, `alert:triggered`) to the user's sockets. The push goes out before the commit: if the commit then fails, the redelivery
   * makes the same notification (same id) and pushes it again, which a client takes as one.
   */
  async notify(manager: EntityManager, draft: NoticeDraft): Promise<NotificationView | null> {
    if (!(await this.preferences.wants(draft.userId, draft.category, 'in_app', manager))) return null;
    const id = notificationId(draft.eventId, draft.userId);
    const rows = returnedRows<NotificationRow>(
      await manager.query(
        `INSERT INTO notifications (id, user_id, category, type, title, body, data) VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (id) DO NOTHING RETURNING ${COLUMNS}`,
        [id, draft.userId, draft.category, draft.type, draft.title.slice(0, 200), draft.body.slice(0, 2000), draft.data],
      ),
    );
    if (rows.length === 0) return null;
    const view = toView(rows[0]);
    const unread = await this.unreadCount(manager, draft.userId);
    await this.events.record(manager, 'notification.created', draft.userId, {
      notification_id: id,
      user_id: draft.userId,
      category: draft.category,
      type: draft.type,
      unread_count: unread,
    });
    if (await this.preferences.wants(draft.userId, draft.category, 'push', manager)) {
      const received: PushReceivedPush = {
        ...view,
        notification_id: view.id,
        action_url: actionUrlOf(view.id, view.data),
        unread_count: unread,
      };
      this.pushes.publish('notifications', { user_ids: [draft.userId], event: 'push:received', data: received });
      if (draft.alert) {
        const alert: AlertTriggeredPush = {
          alert_id: view.id,
          ...draft.alert,
          message: view.body,
          notification_id: view.id,
          category: view.category,
          title: view.title,
          body: view.body,
          data: view.data,
          created_at: view.created_at,
        };
        this.pushes.publish('notifications', { user_ids: [draft.userId], event: 'alert:triggered', data: { ...alert } });
      }
    }
    return view;
  }

  async list(ctx: UserContext, query: NotificationListQuery): Promise<NotificationListView> {
    const page = resolvePage(query);
    const where = ['user_id = $1'];
    const params: unknown[] = [ctx.user_id];
    if (query.unread === 'true') where.push('read_at IS NULL');
    if (query.unread === 'false') where.push('read_at IS NOT NULL');
    if (query.since) {
      params.push(query.since);
      where.push(`created_at > $${params.length}`);
    }
    const direction = query.order === 'asc' ? 'ASC' : 'DESC';
    const manager = this.dataSource.manager;
    const [rows, [{ n }], unread] = await Promise.all([
      manager.query(
        `SELECT ${COLUMNS} FROM notifications WHERE ${where.join(' AND ')} ORDER BY created_at ${direction}, id ${direction}
         LIMIT ${page.limit} OFFSET ${page.offset}`,
        params,
      ) as Promise<NotificationRow[]>,
      manager.query(`SELECT count(*)::int AS n FROM notifications WHERE ${where.join(' AND ')}`, params) as Promise<{ n: number }[]>,
      this.unreadCount(manager, ctx.user_id),
    ]);
    return { ...listView('notifications', rows.map(toView), n, page), unread_count: unread };
  }

  async get(ctx: UserContext, id: string): Promise<NotificationView> {
    const [row] = (await this.dataSource.query(`SELECT ${COLUMNS} FROM notifications WHERE id = $1 AND user_id = $2`, [
      id,
      ctx.user_id,
    ])) as NotificationRow[];
    if (!row) throw new NotFound('Notification not found');
    return toView(row);
  }

  async stats(ctx: UserContext): Promise<NotificationStatsView> {
    const rows = (await this.dataSource.query(
      `SELECT category, count(*)::int AS total, count(*) FILTER (WHERE read_at IS NULL)::int AS unread
       FROM notifications WHERE user_id = $1 GROUP BY category`,
      [ctx.user_id],
    )) as { category: string; total: number; unread: number }[];
    return {
      total: rows.reduce((sum, r) => sum + r.total, 0),
      unread: rows.reduce((sum, r) => sum + r.unread, 0),
      unread_by_category: Object.fromEntries(rows.filter((r) => r.unread > 0).map((r) => [r.category, r.unread])),
    };
  }

  async markRead(ctx: UserContext, id: string): Promise<NotificationView> {
    return inTransaction(this.dataSource, async (manager) => {
      const changed = returnedRows<NotificationRow>(
        await manager.query(
          `UPDATE notifications SET read_at = now() WHERE id = $1 AND user_id = $2 AND read_at IS NULL RETURNING ${COLUMNS}`,
          [id, ctx.user_id],
        ),
      );
      if (changed.length === 0) {
        const [row] = (await manager.query(`SELECT ${COLUMNS} FROM notifications WHERE id = $1 AND user_id = $2`, [
          id,
          ctx.user_id,
        ])) as NotificationRow[];
        if (!row) throw new NotFound('Notification not found');
        return toView(row); // read already: nothing changes
      }
      const unread = await this.unreadCount(manager, ctx.user_id);
      await this.events.record(manager, 'notification.read', ctx.user_id, {
        user_id: ctx.user_id,
        notification_id: id,
        unread_count: unread,
      });
      return toView(changed[0]);
    });
  }

  async readAll(ctx: UserContext): Promise<ReadAllView> {
    return inTransaction(this.dataSource, async (manager) => {
      const changed = returnedRows<{ id: string }>(
        await manager.query(`UPDATE notifications SET read_at = now() WHERE user_id = $1 AND read_at IS NULL RETURNING id`, [ctx.user_id]),
      );
      if (changed.length > 0) {
        await this.events.record(manager, 'notification.read', ctx.user_id, {
          user_id: ctx.user_id,
          notification_id: null,
          unread_count: 0,
        });
      }
      return { updated: changed.length, unread_count: 0 };
    });
  }

  async delete(ctx: UserContext, id: string): Promise<void> {
    await inTransaction(this.dataSource, async (manager) => {
      const removed = returnedRows<{ id: string }>(
        await manager.query(`DELETE FROM notifications WHERE id = $1 AND user_id = $2 RETURNING id`, [id, ctx.user_id]),
      );
      if (removed.length === 0) throw new NotFound('Notification not found');
      const unread = await this.unreadCount(manager, ctx.user_id);
      await this.events.record(manager, 'notification.deleted', ctx.user_id, {
        user_id: ctx.user_id,
        notification_id: id,
        unread_count: unread,
      });
    });
  }

  /** An account is gone: so are its notifications and preferences. */
  async forget(manager: EntityManager, userId: string): Promise<void> {
    await manager.query(`DELETE FROM notifications WHERE user_id = $1`, [userId]);
    await manager.query(`DELETE FROM notification_preferences WHERE user_id = $1`, [userId]);
  }
}
