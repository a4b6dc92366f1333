import { serviceContract } from '../common/service-contract';
import * as chat from './chat.contract';
import * as events from './events';
import * as notifications from './notifications.contract';
import * as preferences from './preferences.contract';
import * as webhooks from './webhooks.contract';

export * from './chat.contract';
export * from './events';
export * from './notifications.contract';
export * from './preferences.contract';
export * from './pushes';
export * from './webhooks.contract';

/** Everything the notifications service declares. */
export const NOTIFICATIONS = serviceContract('notifications', [notifications, preferences, webhooks, chat, events]);
