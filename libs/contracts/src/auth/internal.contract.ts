import { Type } from 'class-transformer';
import { ArrayMaxSize, IsIn, IsInt, IsISO8601, IsOptional, IsString, IsUUID, MaxLength, ValidateNested } from 'class-validator';
import { ROLES } from '../common/caller-context';
import type { Role, Tier } from '../common/caller-context';
import { EmptyBody, internal } from '../common/internal';
import { PERMISSION_NAMES } from '../common/permissions';
import { UserView } from './user.views';

export interface Jwk {
  kty: 'RSA';
  kid: string;
  use: 'sig';
  alg: 'RS256';
  n: string;
  e: string;
}
export interface JwksView {
  keys: Jwk[];
}

/** A credential the gateway resolved into a caller; cached briefly by the gateway. */
export class ResolvedCredential {
  user_id: string;
  roles: Role[];
  tier: Tier;
  scopes: string[] | null;
  api_key_id: string | null;
  session_id: string | null;
  /** Epoch ms after which the credential is no longer valid (API keys with an expiry). */
  expires_at: number | null;
  /** The admin behind an impersonation token; absent otherwise. */
  impersonator_id?: string | null;
  /** Permissions granted beyond the roles' (custom roles, allow overrides); absent: none. */
  permission_grants?: string[];
  /** Permissions withdrawn from what the roles grant (deny overrides); absent: none. */
  permission_denies?: string[];
}

export class SetRolesBody {
  @IsUUID() user_id: string;
  @IsIn(ROLES, { each: true }) @ArrayMaxSize(ROLES.length) roles: Role[];
}

/** For services that grant or withdraw a role (a chef registering, an admin promoting). */
export const AuthSetRoles = internal({
  subject: 'auth.users.set_roles',
  request: SetRolesBody,
  response: UserView,
  summary: "Sets a user's roles; the change is announced as `user.role_changed`",
});

export class ChangeAccessBody {
  @IsUUID() user_id: string;
  @IsOptional() @IsIn(ROLES, { each: true }) @ArrayMaxSize(ROLES.length) add_roles?: Role[];
  @IsOptional() @IsIn(ROLES, { each: true }) @ArrayMaxSize(ROLES.length) remove_roles?: Role[];
  /** Replaces the user's grants when present. */
  @IsOptional() @IsIn(PERMISSION_NAMES, { each: true }) @ArrayMaxSize(PERMISSION_NAMES.length) permission_grants?: string[];
  /** Replaces the user's denies when present. */
  @IsOptional() @IsIn(PERMISSION_NAMES, { each: true }) @ArrayMaxSize(PERMISSION_NAMES.length) permission_denies?: string[];
}

/** A user's access as auth holds it and puts it in new tokens. */
export class UserAccessView {
  @ValidateNested() @Type(() => UserView) user: UserView;
  @IsString({ each: true }) permission_grants: string[];
  @IsString({ each: true }) permission_denies: string[];
}

/**
 * For admin: adds or withdraws built-in roles and sets the permissions granted or denied beyond
 * them, at once. Announced as `user.role_changed`, which gateways apply to tokens already issued;
 * sessions go on. Withdrawing `admin` from the last admin is CONFLICT; `user` stays.
 */
export const AuthChangeAccess = internal({
  subject: 'auth.users.change_access',
  request: ChangeAccessBody,
  response: UserAccessView,
  summary: "Changes a user's built-in roles and permission overrides; announced as `user.role_changed`",
});

/** Whether an account may sign in: banned accounts until `banned_until` (or for good), deactivated ones not at all. */
export const ACCOUNT_STATUSES = ['active', 'banned', 'deactivated'] as const;
export type AccountStatus = (typeof ACCOUNT_STATUSES)[number];

export class AdminUpdateUserBody {
  @IsUUID() user_id: string;
  @IsOptional() @IsString() @MaxLength(100) name?: string;
  @IsOptional() @IsIn(ACCOUNT_STATUSES) status?: AccountStatus;
  /** With `banned`. */
  @IsOptional() @IsString() @MaxLength(500) ban_reason?: string | null;
  /** With `banned`: when it ends (ISO 8601); absent or null: until lifted. */
  @IsOptional() @IsISO8601() banned_until?: string | null;
}

export class AccountStatusView {
  @ValidateNested() @Type(() => UserView) user: UserView;
  @IsIn(ACCOUNT_STATUSES) status: AccountStatus;
  @IsOptional() @IsString() ban_reason: string | null;
  @IsOptional() @IsISO8601() banned_until: string | null;
}

/**
 * For admin: renames an account or changes whether it may sign in. A ban or a deactivation ends
 * the user's sessions at once (`auth.session.revoked`) and refuses sign-ins and API keys from then
 * on; announced as `user.status_changed` (and `user.updated` for a new name).
 */
export const AuthAdminUpdateUser = internal({
  subject: 'auth.users.admin_update',
  request: AdminUpdateUserBody,
  response: AccountStatusView,
  summary: "Admin's changes to an account: its name, or a ban or deactivation that ends its sessions at once",
});

/** How long an impersonation token lasts; it has no refresh token. */
export const IMPERSONATION_TOKEN_TTL_SECONDS = 900;

export class ImpersonateBody {
  /** The account to act as. */
  @IsUUID() user_id: string;
  /** The admin who acts. */
  @IsUUID() actor_id: string;
}

export class ImpersonationTokenView {
  @IsString() access_token: string;
  @IsIn(['Bearer']) token_type: 'Bearer';
  @IsInt() expires_in: number;
  @IsUUID() impersonator_id: string;
  @ValidateNested() @Type(() => UserView) user: UserView;
}

/**
 * For admin: a short access token for `user_id` carrying `act: {sub: actor_id}`, on a session of
 * its own (ended like any other by a ban or "log out everywhere"), with no refresh token. An
 * admin account or a suspended one is FORBIDDEN.
 */
export const AuthImpersonate = internal({
  subject: 'auth.users.impersonate',
  request: ImpersonateBody,
  response: ImpersonationTokenView,
  summary: 'A 15-minute access token acting as a user on behalf of an admin (`act` claim), without refresh',
});

export class ResolveApiKeyBody {
  // Generous: a key of the wrong length is an invalid credential (401), decided by the service.
  @IsString() @MaxLength(8192) key: string;
}

/** The gateway turns an API key into a caller (and caches the answer briefly). */
export const AuthResolveApiKey = internal({
  subject: 'auth.api_keys.resolve',
  request: ResolveApiKeyBody,
  response: ResolvedCredential,
  summary: 'The caller an API key stands for; an unknown, revoked or expired key is UNAUTHORIZED',
});

/** The gateway turns `demo_token` into the demo user (DEMO_MODE only). */
export const AuthResolveDemo = internal({
  subject: 'auth.demo.resolve',
  request: EmptyBody,
  response: ResolvedCredential,
  summary: 'The demo user, for `Authorization: Bearer demo_token` in demo mode',
});

/** Something that stops being valid before its natural expiry. `until` is epoch ms. */
export type Revocation =
  | { kind: 'sessions'; session_ids: string[]; until: number }
  | { kind: 'user'; user_id: string; until: number }
  | { kind: 'api_key'; api_key_id: string; until: number };

/** Claims of the access tokens the auth service signs. */
export interface AccessTokenClaims {
  sub: string;
  sid: string;
  jti: string;
  roles: Role[];
  tier: Tier;
  /** An impersonation token: the admin acting as `sub` (RFC 8693's actor claim). */
  act?: { sub: string };
  /** Grants beyond the roles' permissions; present only when there are some. */
  perm_grants?: string[];
  /** Permissions withdrawn from the roles'; present only when there are some. */
  perm_denies?: string[];
  iat: number;
  exp: number;
  iss: string;
  aud: string;
}

export const ACCESS_TOKEN_ISSUER = 'softfactory-auth';
export const ACCESS_TOKEN_AUDIENCE = 'softfactory-api';
export const ACCESS_TOKEN_TTL_SECONDS = 3600;
