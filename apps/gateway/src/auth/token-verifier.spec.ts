import 'reflect-metadata';
import { createHmac, createPublicKey, generateKeyPairSync, KeyObject, randomUUID } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { ACCESS_TOKEN_AUDIENCE, ACCESS_TOKEN_ISSUER, Jwk, JwksView } from '@sf/contracts';
import { DomainError } from '@sf/errors';
import { TokenVerifier } from './token-verifier';

const KID = 'test-kid-1';

function rsaKey(kid: string): { privateKey: KeyObject; jwk: Jwk } {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const exported = publicKey.export({ format: 'jwk' });
  return { privateKey, jwk: { kty: 'RSA', kid, use: 'sig', alg: 'RS256', n: exported.n as string, e: exported.e as string } };
}

const claims = (overrides: Record<string, unknown> = {}) => ({
  sub: randomUUID(),
  sid: randomUUID(),
  jti: randomUUID(),
  roles: ['user'],
  tier: 'free',
  ...overrides,
});

const b64url = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

async function refusal(promise: Promise<unknown>): Promise<DomainError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    return error as DomainError;
  }
  throw new Error('expected the token to be refused');
}

describe('TokenVerifier', () => {
  const signing = rsaKey(KID);
  let jwks: JwksView;
  let fetchJwks: jest.Mock<Promise<JwksView>, []>;
  let verifier: TokenVerifier;

  const sign = (payload: Record<string, unknown> = claims(), options: jwt.SignOptions = {}, key: KeyObject = signing.privateKey) =>
    jwt.sign(payload, key, {
      algorithm: 'RS256',
      keyid: KID,
      issuer: ACCESS_TOKEN_ISSUER,
      audience: ACCESS_TOKEN_AUDIENCE,
      ...('exp' in payload ? {} : { expiresIn: 600 }),
      ...options,
    });

  beforeEach(async () => {
    jwks = { keys: [signing.jwk] };
    fetchJwks = jest.fn(async () => jwks);
    verifier = new TokenVerifier(fetchJwks);
    expect(verifier.ready).toBe(false);
    await verifier.refreshKeys();
    expect(verifier.ready).toBe(true);
    fetchJwks.mockClear();
  });

  it('answers the claims of a valid token', async () => {
    const payload = claims({ roles: ['user', 'chef'], tier: 'premium' });
    const verified = await verifier.verify(sign(payload));
    expect(verified).toMatchObject({ ...payload, iss: ACCESS_TOKEN_ISSUER, aud: ACCESS_TOKEN_AUDIENCE });
    expect(verified.exp).toBeGreaterThan(Date.now() / 1000);
    expect(fetchJwks).not.toHaveBeenCalled();
  });

  it('loads the key set on first use and not again for later tokens', async () => {
    const cold = new TokenVerifier(fetchJwks);
    expect(cold.ready).toBe(false);
    await cold.verify(sign());
    expect(fetchJwks).toHaveBeenCalledTimes(1);
    await cold.verify(sign());
    await cold.verify(sign());
    expect(fetchJwks).toHaveBeenCalledTimes(1);
  });

  it('serves a repeat of a verified token from its cache without fetching keys', async () => {
    const token = sign();
    const first = await verifier.verify(token);
    // Even if the key set became unreachable, the verified token is remembered until it expires.
    fetchJwks.mockRejectedValue(new Error('auth is down'));
    expect(await verifier.verify(token)).toEqual(first);
    expect(fetchJwks).not.toHaveBeenCalled();
  });

  it("refuses an expired token with 'Access token expired'", async () => {
    const now = Math.floor(Date.now() / 1000);
    const error = await refusal(verifier.verify(sign(claims({ iat: now - 7200, exp: now - 60 }))));
    expect(error.code).toBe('UNAUTHORIZED');
    expect(error.message).toBe('Access token expired');
  });

  it('refuses a cached token once it has expired', async () => {
    const realNow = Date.now;
    const token = sign(claims(), { expiresIn: 5 });
    await verifier.verify(token);
    try {
      Date.now = () => realNow() + 60_000;
      const error = await refusal(verifier.verify(token));
      expect(error.code).toBe('UNAUTHORIZED');
    } finally {
      Date.now = realNow;
    }
  });

  it.each([
    ['another audience', { audience: 'someone-else' }],
    ['another issuer', { issuer: 'someone-else' }],
  ])('refuses a token for %s', async (_label, options) => {
    const error = await refusal(verifier.verify(sign(claims(), options)));
    expect(error.code).toBe('UNAUTHORIZED');
    expect(error.message).toBe('Invalid access token');
  });

  it('refuses a token that lacks sub, sid or roles', async () => {
    for (const missing of ['sub', 'sid', 'roles']) {
      const payload: Record<string, unknown> = claims();
      delete payload[missing];
      const error = await refusal(verifier.verify(sign(payload)));
      expect({ missing, code: error.code }).toEqual({ missing, code: 'UNAUTHORIZED' });
    }
  });

  it('refuses an alg:none token', async () => {
    const token = `${b64url({ alg: 'none', typ: 'JWT', kid: KID })}.${b64url({ ...claims(), iss: ACCESS_TOKEN_ISSUER, aud: ACCESS_TOKEN_AUDIENCE, exp: Math.floor(Date.now() / 1000) + 600 })}.`;
    expect((await refusal(verifier.verify(token))).code).toBe('UNAUTHORIZED');
    expect(fetchJwks).not.toHaveBeenCalled();
  });

  it('refuses an HS256 token keyed with the public key (algorithm confusion)', async () => {
    const publicPem = createPublicKey(signing.privateKey).export({ type: 'spki', format: 'pem' }) as string;
    const header = b64url({ alg: 'HS256', typ: 'JWT', kid: KID });
    const payload = b64url({ ...claims(), iss: ACCESS_TOKEN_ISSUER, aud: ACCESS_TOKEN_AUDIENCE, exp: Math.floor(Date.now() / 1000) + 600 });
    for (const secret of [JSON.stringify(signing.jwk), signing.jwk.n, publicPem]) {
      const signature = createHmac('sha256', secret).update(`${header}.${payload}`).digest('base64url');
      expect((await refusal(verifier.verify(`${header}.${payload}.${signature}`))).code).toBe('UNAUTHORIZED');
    }
  });

  it('refuses a token whose payload was changed after signing', async () => {
    const [header, , signature] = sign(claims()).split('.');
    const forged = `${header}.${b64url({ ...claims({ roles: ['admin'] }), iss: ACCESS_TOKEN_ISSUER, aud: ACCESS_TOKEN_AUDIENCE, exp: Math.floor(Date.now() / 1000) + 600 })}.${signature}`;
    expect((await refusal(verifier.verify(forged))).code).toBe('UNAUTHORIZED');
  });

  it('refuses a token signed by another key under a known kid', async () => {
    const intruder = rsaKey(KID);
    expect((await refusal(verifier.verify(sign(claims(), {}, intruder.privateKey)))).code).toBe('UNAUTHORIZED');
  });

  it.each([
    ['garbage', 'garbage'],
    ['three garbage parts', 'aaa.bbb.ccc'],
    ['an empty string', ''],
  ])('refuses %s', async (_label, token) => {
    expect((await refusal(verifier.verify(token))).code).toBe('UNAUTHORIZED');
  });

  it('refuses an RS256 token without a kid', async () => {
    const token = jwt.sign(claims(), signing.privateKey, {
      algorithm: 'RS256',
      issuer: ACCESS_TOKEN_ISSUER,
      audience: ACCESS_TOKEN_AUDIENCE,
      expiresIn: 600,
    });
    expect((await refusal(verifier.verify(token))).code).toBe('UNAUTHORIZED');
  });

  it('reloads the key set once for an unknown kid, then refuses it', async () => {
    const stranger = rsaKey('unknown-kid');
    const token = jwt.sign(claims(), stranger.privateKey, {
      algorithm: 'RS256',
      keyid: 'unknown-kid',
      issuer: ACCESS_TOKEN_ISSUER,
      audience: ACCESS_TOKEN_AUDIENCE,
      expiresIn: 600,
    });
    const error = await refusal(verifier.verify(token));
    expect(error.code).toBe('UNAUTHORIZED');
    expect(fetchJwks).toHaveBeenCalledTimes(1);
  });

  it('accepts a token from a key rotated in after boot, after one reload', async () => {
    const rotated = rsaKey('kid-2');
    jwks = { keys: [signing.jwk, rotated.jwk] };
    const token = jwt.sign(claims(), rotated.privateKey, {
      algorithm: 'RS256',
      keyid: 'kid-2',
      issuer: ACCESS_TOKEN_ISSUER,
      audience: ACCESS_TOKEN_AUDIENCE,
      expiresIn: 600,
    });
    expect((await verifier.verify(token)).sub).toEqual(expect.any(String));
    expect(fetchJwks).toHaveBeenCalledTimes(1);
    await verifier.verify(sign());
    expect(fetchJwks).toHaveBeenCalledTimes(1);
  });

  it('refuses (401, not an outage) an unknown kid while the key set cannot be fetched', async () => {
    fetchJwks.mockRejectedValue(new Error('auth is down'));
    const stranger = rsaKey('other-kid');
    const token = jwt.sign(claims(), stranger.privateKey, {
      algorithm: 'RS256',
      keyid: 'other-kid',
      issuer: ACCESS_TOKEN_ISSUER,
      audience: ACCESS_TOKEN_AUDIENCE,
      expiresIn: 600,
    });
    expect((await refusal(verifier.verify(token))).code).toBe('UNAUTHORIZED');
    // Tokens of the known key still verify.
    expect(await verifier.verify(sign())).toHaveProperty('sub');
  });

  it('ignores keys that are not RS256 RSA keys', async () => {
    const fresh = new TokenVerifier(async () => ({ keys: [{ ...signing.jwk, alg: 'HS256' as 'RS256' }] }));
    await fresh.refreshKeys();
    expect(fresh.ready).toBe(false);
  });
  it('drops a key auth no longer publishes, and the cached tokens it signed, on the next refresh', async () => {
    const token = sign();
    await expect(verifier.verify(token)).resolves.toMatchObject({ sub: expect.any(String) });
    const next = rsaKey('key-2');
    jwks = { keys: [next.jwk] }; // KID retired, key-2 published
    await verifier.refreshKeys();
    await expect(verifier.verify(token)).rejects.toThrow('Invalid access token');
    const fresh = jwt.sign(claims(), next.privateKey, {
      algorithm: 'RS256',
      keyid: 'key-2',
      issuer: ACCESS_TOKEN_ISSUER,
      audience: ACCESS_TOKEN_AUDIENCE,
      expiresIn: 600,
    });
    await expect(verifier.verify(fresh)).resolves.toMatchObject({ sub: expect.any(String) });
  });
});
