/** Socket.IO namespaces the gateway serves; pushes for each travel on NATS `push.<namespace>`. */
export const PUSH_NAMESPACES = ['sns', 'orders', 'notifications', 'chat'] as const;
export type PushNamespace = (typeof PUSH_NAMESPACES)[number];

/** Socket events of each namespace, as seed 002 names them. */
export const PUSH_EVENTS = {
  sns: [
    'post:created',
    'post:published',
    'post:scheduled',
    'engagement:liked',
    'engagement:commented',
    'engagement:shared',
    'comment:replied',
    'comment:liked',
    'analytics:updated',
    'trending:updated',
  ],
  orders: [
    'order:created',
    'order:updated',
    'invoice:generated',
    'invoice:sent',
    'payment:received',
    'subscription:renewed',
    'refund:initiated',
  ],
  notifications: ['push:received', 'status:updated', 'alert:triggered', 'email:sent'],
  chat: ['message:new', 'message:edited', 'message:deleted', 'typing:indicator', 'thread:created', 'thread:updated'],
} as const satisfies Record<PushNamespace, readonly string[]>;

export type PushEvent<N extends PushNamespace> = (typeof PUSH_EVENTS)[N][number];

/**
 * One push, published on core NATS `push.<namespace>` (after the fleet's subject prefix); every
 * gateway replica emits it to the sockets of `user_ids` in that namespace. Missed pushes are not
 * replayed: a client back from offline reads `GET /api/notifications?since=`.
 */
export interface PushMessage<N extends PushNamespace = PushNamespace> {
  user_ids: string[];
  event: PushEvent<N>;
  data: Record<string, unknown>;
}

/** The NATS subject of a namespace's pushes (before the fleet's subject prefix). */
export const pushSubject = (namespace: PushNamespace): string => `push.${namespace}`;

/**
 * `/notifications` `status:updated` (seed 002: `{resource_type, resource_id, status}`, and more): one
 * of the user's asynchronous things changed state. Sent to
 * each party it concerns: a CooCook booking (`coocook.booking`, to the guest and the chef, on every
 * booking event, `status` the booking's) and an SNS post on one account (`sns.post`, to its owner:
 * `scheduled`, `published` or `failed`, with `target_id` and `platform` in `detail`). At most once,
 * like every push; the thing itself (`GET` of the booking or post) is the record.
 */
/**
 * `/notifications` `push:received`: seed 002's `{notification_id, title, body, action_url}`, with the
 * whole notification beside them and the user's unread count.
 */
export interface PushReceivedPush {
  notification_id: string;
  title: string;
  body: string;
  /** The API path of what the notice is about (a booking, an invoice...), else of the notice itself. */
  action_url: string;
  unread_count: number;
  [field: string]: unknown;
}

/** Which id in a notice's data names what it is about, and where the API serves that (first match wins). */
const ACTION_PATHS: [field: string, path: (id: string) => string][] = [
  ['booking_id', (id) => `/api/coocook/bookings/${id}`],
  ['invoice_id', (id) => `/api/payment/invoices/${id}`],
  ['subscription_id', (id) => `/api/payment/subscriptions/${id}`],
  ['post_id', (id) => `/api/sns/posts/${id}`],
  ['campaign_id', (id) => `/api/review/campaigns/${id}`],
  ['request_id', (id) => `/api/admin/gdpr/requests/${id}`],
  ['workflow_id', (id) => `/api/ai-automation/workflow/${id}`],
];

/** The `action_url` of a notice: what its data names, else the notice itself. */
export function actionUrlOf(notificationId: string, data: Record<string, unknown>): string {
  for (const [field, path] of ACTION_PATHS) {
    const id = data[field];
    if (typeof id === 'string' && /^[0-9a-f-]{36}$/i.test(id)) return path(id);
  }
  return `/api/notifications/${notificationId}`;
}

export interface StatusUpdatedPush {
  resource_type: 'coocook.booking' | 'sns.post';
  resource_id: string;
  status: string;
  /** The event that changed it (`booking.confirmed`, `post.failed`...). */
  event: string;
  /** When it changed (the event's time). */
  at: string;
  detail: Record<string, unknown>;
}

export const ALERT_KINDS = ['new_sign_in', 'password_changed', 'webhook_endpoint_disabled'] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];

/**
 * `/notifications` `alert:triggered` (seed 002: `{alert_id, severity, message}`, and more): something
 * about the account that its owner should look at
 * now (a sign-in, a password change, a webhook endpoint disabled after failing). Each alert is also
 * a notification (`notification_id`, in the list); it is pushed with that notification's
 * `push:received`, under the same preference (its category's `push` channel).
 */
export interface AlertTriggeredPush {
  /** The alert's id: the id of the notification it also is. */
  alert_id: string;
  kind: AlertKind;
  severity: 'info' | 'warning' | 'critical';
  /** What happened, in a sentence (the notification's body). */
  message: string;
  notification_id: string;
  category: string;
  title: string;
  body: string;
  data: Record<string, unknown>;
  created_at: string;
}
