import { Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsISO8601, IsObject, IsOptional, IsString, IsUUID, ValidateNested } from 'class-validator';
import { endpoint } from '../common/endpoint';
import { IdParams } from '../common/id-params';
import { ListMeta, PageQuery } from '../common/pagination';

/** What a notification is about; preferences are kept per category. */
export const NOTIFICATION_CATEGORIES = [
  'bookings',
  'payments',
  'subscriptions',
  'security',
  'account',
  'posts',
  'reviews',
  'automations',
] as const;
export type NotificationCategory = (typeof NOTIFICATION_CATEGORIES)[number];

/** Where a notification may go: the in-app list, a mail, a real-time push. */
export const NOTIFICATION_CHANNELS = ['in_app', 'email', 'push'] as const;
export type NotificationChannel = (typeof NOTIFICATION_CHANNELS)[number];

export class NotificationView {
  @IsUUID() id: string;
  @IsIn(NOTIFICATION_CATEGORIES) category: NotificationCategory;
  /** The event it came from (`booking.confirmed`, `payment.failed`, ...). */
  @IsString() type: string;
  @IsString() title: string;
  @IsString() body: string;
  /** Ids the client may link to (booking_id, invoice_id, ...). */
  @IsObject() data: Record<string, unknown>;
  @IsBoolean() read: boolean;
  @IsOptional() @IsISO8601() read_at: string | null;
  @IsISO8601() created_at: string;
}

export class NotificationListView extends ListMeta {
  @ValidateNested({ each: true }) @Type(() => NotificationView) notifications: NotificationView[];
  @IsInt() unread_count: number;
}

export class NotificationListQuery extends PageQuery {
  /** `true`: only unread ones; `false`: only read ones. */
  @IsOptional() @IsIn(['true', 'false']) unread?: 'true' | 'false';
  /** Only those created after this instant: what a client back from offline missed. */
  @IsOptional() @IsISO8601({ strict: true }) since?: string;
}

export class NotificationStatsView {
  @IsInt() total: number;
  @IsInt() unread: number;
  /** Unread notifications per category. */
  @IsObject() unread_by_category: Record<string, number>;
}

export class ReadAllView {
  /** How many notifications this call marked read. */
  @IsInt() updated: number;
  @IsInt() unread_count: number;
}

export const NotificationList = endpoint<Record<string, never>, NotificationListQuery, NotificationListView>({
  method: 'GET',
  path: '/api/notifications',
  subject: 'notifications.inbox.list',
  access: { kind: 'user', scope: 'read:profile' },
  query: NotificationListQuery,
  response: NotificationListView,
  status: 200,
  summary: "The caller's notifications, newest first (`unread`, `since`)",
  tag: 'notifications',
});

export const NotificationStats = endpoint<Record<string, never>, Record<string, never>, NotificationStatsView>({
  method: 'GET',
  path: '/api/notifications/stats',
  subject: 'notifications.inbox.stats',
  access: { kind: 'user', scope: 'read:profile' },
  response: NotificationStatsView,
  status: 200,
  summary: 'How many notifications the caller has, and how many are unread',
  tag: 'notifications',
});

export const NotificationReadAll = endpoint<Record<string, never>, Record<string, never>, ReadAllView>({
  method: 'POST',
  path: '/api/notifications/read-all',
  subject: 'notifications.inbox.read_all',
  access: { kind: 'user', scope: 'write:profile' },
  response: ReadAllView,
  status: 200,
  summary: "Mark all the caller's notifications read",
  tag: 'notifications',
});

export const NotificationGet = endpoint<Record<string, never>, Record<string, never>, NotificationView>({
  method: 'GET',
  path: '/api/notifications/:id',
  subject: 'notifications.inbox.get',
  params: IdParams,
  access: { kind: 'user', scope: 'read:profile' },
  response: NotificationView,
  status: 200,
  summary: 'One notification',
  tag: 'notifications',
  errors: [404],
});

export const NotificationMarkRead = endpoint<Record<string, never>, Record<string, never>, NotificationView>({
  method: 'PUT',
  path: '/api/notifications/:id/read',
  subject: 'notifications.inbox.mark_read',
  params: IdParams,
  access: { kind: 'user', scope: 'write:profile' },
  response: NotificationView,
  status: 200,
  summary: 'Mark a notification read',
  tag: 'notifications',
  errors: [404],
});

export const NotificationDelete = endpoint<Record<string, never>, Record<string, never>, void>({
  method: 'DELETE',
  path: '/api/notifications/:id',
  subject: 'notifications.inbox.delete',
  params: IdParams,
  access: { kind: 'user', scope: 'write:profile' },
  status: 204,
  summary: 'Delete a notification',
  tag: 'notifications',
  errors: [404],
});
