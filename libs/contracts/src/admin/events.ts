import { AuthEvents } from '../auth/events';
import { eventConsumer, selectEvents } from '../common/events';
import { PaymentEvents } from '../payment/events';
import { GDPR_SERVICES, gdprPartsFeed, gdprRequestsFeed } from '../gdpr/gdpr.events';

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

/** Admin's own part of GDPR exports and deletions (accounts, activity, role assignments). */
export const AdminGdprFeed = gdprRequestsFeed('admin');

/** Each participating service's answers to GDPR requests, one consumer per service of `GDPR_SERVICES`. */
export const ADMIN_GDPR_PART_FEEDS = Object.fromEntries(GDPR_SERVICES.map((service) => [service, gdprPartsFeed(service)]));

/** A user who deleted their own account (`DELETE /api/auth/account`): their data takes the GDPR deletion path at once. */
export const AdminAccountDeletedFeed = eventConsumer({
  name: 'admin-gdpr-account-deleted',
  service: 'admin',
  reads: selectEvents(AuthEvents, 'user.deleted'),
  summary: "Starts the GDPR deletion of an account's data when the user deletes the account",
});
