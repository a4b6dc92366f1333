import type { CallerContext, Role, Tier } from '../common/caller-context';

/** Subjects the auth service answers for other services and the gateway, not for clients. */
export const AuthSubjects = {
  jwks: 'auth.keys.jwks',
  resolveApiKey: 'auth.api_keys.resolve',
  resolveDemo: 'auth.demo.resolve',
  setRoles: 'auth.users.set_roles',
} as const;

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
export interface ResolvedCredential {
  user_id: string;
  roles: Role[];
  tier: Tier;
  scopes: string[] | null;
  api_key_id: string | null;
  session_id: string | null;
  /** Epoch ms after which the credential is no longer valid (API keys with an expiry). */
  expires_at: number | null;
}

/** For services that grant or withdraw a role (a chef registering, an admin promoting). */
export interface SetRolesRequest {
  ctx: CallerContext;
  user_id: string;
  roles: Role[];
}

export interface ResolveApiKeyRequest {
  ctx: CallerContext;
  key: string;
}

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
  iat: number;
  exp: number;
  iss: string;
  aud: string;
}

export const ACCESS_TOKEN_ISSUER = 'softfactory-auth';
export const ACCESS_TOKEN_AUDIENCE = 'softfactory-api';
export const ACCESS_TOKEN_TTL_SECONDS = 3600;
