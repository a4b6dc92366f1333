import { createPublicKey, JsonWebKey, KeyObject } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { ACCESS_TOKEN_AUDIENCE, ACCESS_TOKEN_ISSUER, AccessTokenClaims, JwksView } from '@sf/contracts';
import { Unauthorized } from '@sf/errors';

const MAX_CACHED_TOKENS = 20_000;
const KEY_RELOAD_INTERVAL_MS = 5000;

/**
 * Verifies RS256 access tokens against the auth service's public keys, held as pre-built
 * KeyObjects (a PEM string would be re-parsed on every call). A verified token is cached until
 * it expires, so a client's repeat calls cost one map lookup.
 */
export class TokenVerifier {
  private keys = new Map<string, KeyObject>();
  /** Verified tokens, with the key id that signed each, until they expire. */
  private readonly verified = new Map<string, { claims: AccessTokenClaims; kid: string }>();
  private lastReload = 0;

  constructor(private readonly fetchJwks: () => Promise<JwksView>) {}

  /**
   * Loads (or reloads) the key set. The published set replaces the held one: a key auth no longer
   * publishes (retired) stops verifying at once, and so do the cached tokens it signed.
   */
  async refreshKeys(): Promise<void> {
    const jwks = await this.fetchJwks();
    const keys = new Map<string, KeyObject>();
    for (const jwk of jwks.keys) {
      if (jwk.kty !== 'RSA' || jwk.alg !== 'RS256') continue;
      const known = this.keys.get(jwk.kid);
      keys.set(jwk.kid, known ?? createPublicKey({ key: { ...jwk } as JsonWebKey, format: 'jwk' }));
    }
    this.keys = keys;
    for (const [token, entry] of this.verified) if (!keys.has(entry.kid)) this.verified.delete(token);
  }

  get ready(): boolean {
    return this.keys.size > 0;
  }

  async verify(token: string): Promise<AccessTokenClaims> {
    const cached = this.verified.get(token);
    if (cached) {
      if (cached.claims.exp * 1000 > Date.now()) return cached.claims;
      this.verified.delete(token);
    }
    const decoded = jwt.decode(token, { complete: true });
    if (!decoded || typeof decoded.payload === 'string' || decoded.header.alg !== 'RS256' || !decoded.header.kid) {
      throw new Unauthorized('Invalid access token');
    }
    let key = this.keys.get(decoded.header.kid);
    if (!key) {
      // A key rotated in since boot: reload, at most every few seconds whatever tokens arrive.
      if (Date.now() - this.lastReload > KEY_RELOAD_INTERVAL_MS) {
        this.lastReload = Date.now();
        await this.refreshKeys().catch(() => undefined);
      }
      key = this.keys.get(decoded.header.kid);
      if (!key) throw new Unauthorized('Invalid access token');
    }
    let claims: AccessTokenClaims;
    try {
      claims = jwt.verify(token, key, {
        algorithms: ['RS256'],
        issuer: ACCESS_TOKEN_ISSUER,
        audience: ACCESS_TOKEN_AUDIENCE,
      }) as AccessTokenClaims;
    } catch (error) {
      throw new Unauthorized(error instanceof jwt.TokenExpiredError ? 'Access token expired' : 'Invalid access token');
    }
    if (typeof claims.sub !== 'string' || typeof claims.sid !== 'string' || !Array.isArray(claims.roles)) {
      throw new Unauthorized('Invalid access token');
    }
    if (this.verified.size >= MAX_CACHED_TOKENS) this.verified.delete(this.verified.keys().next().value as string);
    this.verified.set(token, { claims, kid: decoded.header.kid });
    return claims;
  }
}
