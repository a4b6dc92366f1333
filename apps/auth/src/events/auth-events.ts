import type { Revocation, Role } from '@sf/contracts';

/** The auth service's domain events (types as the seeds name them) and their data. */
export interface AuthEvents {
  'user.registered': { user_id: string; email: string; name: string; roles: Role[] };
  'user.updated': { user_id: string; name: string; avatar_url: string | null };
  'user.deleted': { user_id: string; until: number };
  'user.role_changed': { user_id: string; roles: Role[]; previous_roles: Role[] };
  'auth.password_reset_requested': {
    user_id: string;
    email: string;
    name: string;
    reset_token: string;
    reset_url: string;
    expires_at: string;
  };
  'auth.api_key.revoked': Extract<Revocation, { kind: 'api_key' }>;
  'auth.session.revoked': Extract<Revocation, { kind: 'sessions' }>;
}
export type AuthEventType = keyof AuthEvents;
