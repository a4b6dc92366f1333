import { EVENT_ENTITIES } from '@sf/events';
import { ChatMessage, ChatSubject, ChatThread } from './chat/chat.entity';
import { Notification } from './inbox/notification.entity';
import { Recipient } from './mail/recipient.entity';
import { NotificationPreference } from './preferences/notification-preference.entity';
import { WebhookDelivery, WebhookEndpoint } from './webhooks/webhook.entity';
import { IDEMPOTENCY_ENTITIES } from '@sf/idempotency';

export const NOTIFICATIONS_ENTITIES = [
  ...IDEMPOTENCY_ENTITIES,
  ...EVENT_ENTITIES,
  Notification,
  NotificationPreference,
  WebhookEndpoint,
  WebhookDelivery,
  ChatSubject,
  ChatThread,
  ChatMessage,
  Recipient,
];
