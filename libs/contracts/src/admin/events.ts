import { AuthEvents } from '../auth/events';
import { eventConsumer, selectEvents } from '../common/events';
import { PaymentEvents } from '../payment/events';

export * from '../admin-events/events';

/** Admin keeps a projection of every account (email, roles) from auth's events. */
export const AdminAccountsFeed = eventConsumer({
  name: 'admin-accounts',
  service: 'admin',
  reads: selectEvents(AuthEvents, 'user.>'),
  summary: 'Every account with its roles, for RBAC, user administration and the access report',
});

/** Each account's sign-ins and failed sign-ins, for its activity and the security report. */
export const AdminLoginsFeed = eventConsumer({
  name: 'admin-logins',
  service: 'admin',
  reads: selectEvents(AuthEvents, 'auth.login.>'),
  summary: "Each account's sign-ins and failed sign-ins",
});

/** Each account's subscriptions, for user administration. */
export const AdminSubscriptionsFeed = eventConsumer({
  name: 'admin-subscriptions',
  service: 'admin',
  reads: selectEvents(PaymentEvents, 'subscription.>'),
  summary: "Each account's subscriptions",
});

/** Security events of auth (sign-ins, role, status and API-key changes, revocations) go into the audit log. */
export const AdminAuditFeed = eventConsumer({
  name: 'admin-audit',
  service: 'admin',
  reads: selectEvents(AuthEvents, '>'),
  summary: 'Security events (sign-ins, roles, bans, API keys, sessions) into the hash-chained audit log',
});
