import { endpoint } from '../common/endpoint';
import type { JwksView } from './internal.contract';

export const AuthJwks = endpoint<Record<string, never>, Record<string, never>, JwksView>({
  method: 'GET',
  path: '/api/auth/.well-known/jwks.json',
  aliases: [{ path: '/.well-known/jwks.json' }],
  subject: 'auth.keys.jwks',
  access: { kind: 'public' },
  status: 200,
  rateLimit: 'none',
  summary: 'The public keys that verify access tokens (JWKS, RS256)',
  tag: 'auth',
});
