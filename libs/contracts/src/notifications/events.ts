import { AdminEvents } from '../admin/events';
import { AutomationEvents } from '../automation/events';
import { AuthEvents } from '../auth/events';
import { eventCatalogue, eventConsumer, selectEvents } from '../common/events';
import { CoocookEvents } from '../coocook/events';
import { PaymentEvents } from '../payment/events';
import { ReviewEvents } from '../review/events';
import { SnsEvents } from '../sns/events';
import type { NotificationCategory } from './notifications.contract';
import { GDPR_PART_EVENTS, gdprRequestsFeed } from '../gdpr/gdpr.events';
import type { GdprPartEventMap } from '../gdpr/gdpr.events';

/** `notification.created`: a user has a new in-app notification; `unread_count` is theirs after it. */
export interface NotificationCreatedData {
  notification_id: string;
  user_id: string;
  category: NotificationCategory;
  type: string;
  unread_count: number;
}

/** `notification.read` / `notification.deleted`: a user's unread count changed (or may have). */
export interface NotificationUnreadChangedData {
  user_id: string;
  /** The notification, or null for "all of them" (read-all). */
  notification_id: string | null;
  unread_count: number;
}

/** Event type → data, one source for publisher and consumers. */
export interface NotificationsEventMap {
  'notification.created': NotificationCreatedData;
  'notification.read': NotificationUnreadChangedData;
  'notification.deleted': NotificationUnreadChangedData;
}

/**
 * Domain events of the notifications service, on `events.notifications.<type>`; the CloudEvent's
 * subject is the user id, so a read model of unread counts keys on it.
 */
export const NotificationsEvents = eventCatalogue<NotificationsEventMap & GdprPartEventMap>('notifications', {
  'notification.created': 'A user has a new in-app notification (with their unread count)',
  'notification.read': 'A user read a notification, or all of them (with their unread count)',
  'notification.deleted': 'A user deleted a notification (with their unread count)',
  ...GDPR_PART_EVENTS,
});

/** In-app notices, mails and pushes from payment's events. */
export const NotificationsPaymentFeed = eventConsumer({
  name: 'notifications-payment',
  service: 'notifications',
  reads: selectEvents(PaymentEvents, '>'),
  summary: 'Payment, subscription, invoice and order events, as notices, mails and /orders pushes',
});

/** In-app notices and pushes from CooCook's booking events. */
export const NotificationsBookingFeed = eventConsumer({
  name: 'notifications-bookings',
  service: 'notifications',
  reads: selectEvents(CoocookEvents, 'booking.>'),
  summary: 'Booking events, as notices to the guest and the chef',
});

/** Mails and notices from auth's account events (password reset links). */
export const NotificationsAuthFeed = eventConsumer({
  name: 'notifications-auth',
  service: 'notifications',
  reads: selectEvents(AuthEvents, '>'),
  summary: 'Password reset mails, new sign-in notices; a deleted account loses its notifications',
});

/** Notices, `/sns` pushes and webhooks from the sns service's events. */
export const NotificationsSnsFeed = eventConsumer({
  name: 'notifications-sns',
  service: 'notifications',
  reads: selectEvents(SnsEvents, '>'),
  summary: "Post and engagement events, as notices and /sns pushes to the post's owner",
});

/** Notices, chat parties and webhooks from review's application events. */
export const NotificationsReviewFeed = eventConsumer({
  name: 'notifications-review',
  service: 'notifications',
  reads: selectEvents(ReviewEvents, '>'),
  summary: 'Application events, as notices to the applicant and the campaign owner; reward webhooks',
});

/** Notices that automation workflows' notify steps ask for. */
export const NotificationsAutomationFeed = eventConsumer({
  name: 'notifications-automation',
  service: 'notifications',
  reads: selectEvents(AutomationEvents, 'notification.>'),
  summary: "Automation workflows' notify steps, as notices to the workflow's owner",
});

/** The notifications service's part of GDPR exports and deletions. */
export const NotificationsGdprFeed = gdprRequestsFeed('notifications');

/** "Your data export is ready": a notice and a mail to the admin who asked for it. */
export const NotificationsGdprExportFeed = eventConsumer({
  name: 'notifications-gdpr-export',
  service: 'notifications',
  reads: selectEvents(AdminEvents, 'gdpr.export.completed'),
  summary: 'Tells the admin who asked for a GDPR data export that it is ready (in-app and by mail)',
});
