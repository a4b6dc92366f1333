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
