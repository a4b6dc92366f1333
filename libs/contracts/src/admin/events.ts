import { AuthEvents } from '../auth/events';
import { eventCatalogue, eventConsumer, selectEvents } from '../common/events';
import { PaymentEvents } from '../payment/events';
import { GDPR_PART_EVENTS, GDPR_REQUEST_EVENTS, GDPR_SERVICES, gdprPartsFeed, gdprRequestsFeed } from '../gdpr/gdpr.events';
import type { GdprPartEventMap, GdprRequestEventMap } from '../gdpr/gdpr.events';

export interface RoleChangedData {
  role_id: string;
  name: string;
  permissions: string[];
  actor_id: string | null;
}

export interface RoleDeletedData {
  role_id: string;
  name: string;
  actor_id: string | null;
}

/** A role was assigned to or withdrawn from a user (auth's `user.role_changed` carries the effect on tokens). */
export interface RoleAssignmentData {
  user_id: string;
  role_id: string;
  role_name: string;
  expires_at: string | null;
  /** Null when the expiry sweep withdrew it. */
  actor_id: string | null;
}

export interface PermissionOverriddenData {
  user_id: string;
  permission: string;
  effect: 'allow' | 'deny' | 'inherit';
  actor_id: string | null;
}

/** Event type → data, one source for publisher and consumers. */
export interface AdminEventMap extends GdprRequestEventMap, GdprPartEventMap {
  'rbac.role.created': RoleChangedData;
  'rbac.role.updated': RoleChangedData;
  'rbac.role.deleted': RoleDeletedData;
  'rbac.role.assigned': RoleAssignmentData;
  'rbac.role.withdrawn': RoleAssignmentData;
  'rbac.permission.overridden': PermissionOverriddenData;
}

/** Domain events of the admin service, on `events.admin.<type>`; the subject is the role or user id. */
export const AdminEvents = eventCatalogue<AdminEventMap>('admin', {
  'rbac.role.created': 'A custom role was created',
  'rbac.role.updated': "A custom role's name or permissions changed",
  'rbac.role.deleted': 'A custom role was deleted',
  'rbac.role.assigned': 'A role was assigned to a user',
  'rbac.role.withdrawn': 'A role was withdrawn from a user (by an admin or on expiry)',
  'rbac.permission.overridden': 'One permission was allowed, denied or reset for one user',
  ...GDPR_REQUEST_EVENTS,
  ...GDPR_PART_EVENTS,
});

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
