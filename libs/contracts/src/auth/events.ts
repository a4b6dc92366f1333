import type { Role, Tier } from '../common/caller-context';
import { eventCatalogue, eventConsumer, selectEvents } from '../common/events';
import { PaymentEvents } from '../payment/events';
import type { AccountStatus, Revocation } from './internal.contract';
import { GDPR_PART_EVENTS, gdprRequestsFeed } from '../gdpr/gdpr.events';
import type { GdprPartEventMap } from '../gdpr/gdpr.events';

export interface UserRegisteredData {
  user_id: string;
  email: string;
  name: string;
  roles: Role[];
}

export interface UserUpdatedData {
  user_id: string;
  name: string;
  avatar_url: string | null;
}

/** The preferences other services act on (a user's language for mail, time zone for schedules). */
export interface UserPreferencesUpdatedData {
  user_id: string;
  language: string;
  timezone: string;
}

/** The account is gone; its tokens are refused until `until` (epoch ms), when they would expire anyway. */
export interface UserDeletedData {
  user_id: string;
  until: number;
}

export interface UserRoleChangedData {
  user_id: string;
  roles: Role[];
  previous_roles: Role[];
  /** Permissions beyond the roles' and withdrawn from them (admin's RBAC); absent in older events. */
  permission_grants?: string[];
  permission_denies?: string[];
}

/** Gateways follow it to apply a new tier before the user's next token. */
export interface UserTierChangedData {
  user_id: string;
  tier: Tier;
  previous_tier: Tier;
}

/** Carries the link to mail: whoever delivers mail reads it; nothing else should keep it. */
export interface PasswordResetRequestedData {
  user_id: string;
  email: string;
  name: string;
  reset_token: string;
  reset_url: string;
  expires_at: string;
}

export type ApiKeyRevokedData = Extract<Revocation, { kind: 'api_key' }>;
export type SessionRevokedData = Extract<Revocation, { kind: 'sessions' }>;

/** Banned, deactivated or active again; anything but active ended the user's sessions. */
export interface UserStatusChangedData {
  user_id: string;
  status: AccountStatus;
  previous_status: AccountStatus;
  reason: string | null;
  /** A ban's end (ISO 8601), or null. */
  until: string | null;
}

/** How a session started: a sign-in, or the account's creation or password change (the same device). */
export type LoginMethod = 'password' | 'two_factor' | 'oauth' | 'registration' | 'password_change';

/** A sign-in (password, second factor, OAuth) that started a session. */
export interface LoginSucceededData {
  user_id: string;
  session_id: string;
  ip: string;
  /** Absent in events recorded before it existed (read those as a sign-in). */
  method?: LoginMethod;
}

/** A wrong password or second-factor code for an existing account. */
export interface LoginFailedData {
  user_id: string;
  ip: string;
  reason: 'password' | 'two_factor';
}

/** A key was made: its id, name and scopes (never the key). */
export interface ApiKeyCreatedData {
  api_key_id: string;
  user_id: string;
  name: string;
  permissions: string[];
}

/** Event type → data, one source for publisher and consumers. */
export interface AuthEventMap {
  'user.registered': UserRegisteredData;
  'user.updated': UserUpdatedData;
  'user.deleted': UserDeletedData;
  'user.preferences_updated': UserPreferencesUpdatedData;
  'user.role_changed': UserRoleChangedData;
  'user.tier_changed': UserTierChangedData;
  'user.status_changed': UserStatusChangedData;
  'auth.login.succeeded': LoginSucceededData;
  'auth.login.failed': LoginFailedData;
  'auth.password_reset_requested': PasswordResetRequestedData;
  'auth.api_key.created': ApiKeyCreatedData;
  'auth.api_key.revoked': ApiKeyRevokedData;
  'auth.session.revoked': SessionRevokedData;
}

/** Domain events of the auth service, on `events.auth.<type>`; the CloudEvent's subject is the user id. */
export const AuthEvents = eventCatalogue<AuthEventMap & GdprPartEventMap>('auth', {
  'user.registered': 'An account was created',
  'user.updated': 'A profile changed',
  'user.deleted': 'An account was deleted; its tokens stop working at once',
  'user.preferences_updated': "A user's language or time zone preference changed",
  'user.role_changed': "A user's roles or permission overrides changed; gateways apply it to issued tokens",
  'user.tier_changed': "The plan tier rate limits read changed, after the user's subscriptions",
  'user.status_changed': 'An account was banned, deactivated or made active again',
  'auth.login.succeeded': 'A sign-in started a session',
  'auth.login.failed': 'A sign-in to an existing account failed (password or second factor)',
  'auth.password_reset_requested': 'A password reset link is to be mailed',
  'auth.api_key.created': 'An API key was created (its id, name and scopes)',
  'auth.api_key.revoked': 'An API key was revoked',
  'auth.session.revoked': 'Sessions ended (logout, password change, refresh-token reuse)',
  ...GDPR_PART_EVENTS,
});

/** Auth keeps each account's plan tier from payment's subscription events. */
export const AuthPlanTierFeed = eventConsumer({
  name: 'auth-plan-tier',
  service: 'auth',
  reads: selectEvents(PaymentEvents, 'subscription.>'),
  summary: "Each account's plan tier, from its subscriptions",
});

/** The auth service's part of GDPR exports and deletions. */
export const AuthGdprFeed = gdprRequestsFeed('auth');
