import 'reflect-metadata';
import { createHmac, createPublicKey, generateKeyPairSync, randomBytes, randomUUID } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { ACCESS_TOKEN_AUDIENCE, ACCESS_TOKEN_ISSUER, JwksView } from '@sf/contracts';
import { ApiClient, ApiResponse, eventually, registerUser, RegisteredUser, RequestOptions, TestFleet } from '@sf/testing';
import { startAuthFleet } from '../fleet';

/** An ApiClient that remembers every answer, so the file can show that none was a 500. */
class RecordingClient extends ApiClient {
  readonly seen: { method: string; path: string; status: number }[] = [];

  override async request<T = any>(method: string, path: string, options: RequestOptions = {}): Promise<ApiResponse<T>> {
    const response = await super.request<T>(method, path, options);
    this.seen.push({ method, path, status: response.status });
    return response;
  }
}

const GENERATED_REQUEST_ID = /^req_[A-Za-z0-9]+$/;

/** The contract's one error shape, with the expected status and code. */
function expectError(response: ApiResponse, status: number, code: string): void {
  expect({ status: response.status, code: response.body?.error?.code }).toEqual({ status, code });
  expect(typeof response.body.error.message).toBe('string');
  expect(response.body.meta.request_id).toBe(response.headers.get('x-request-id'));
  expect(new Date(response.body.meta.timestamp).toISOString()).toBe(response.body.meta.timestamp);
}

const b64url = (value: object | string): string =>
  Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');

function decodeSegment(segment: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(segment, 'base64url').toString('utf8')) as Record<string, unknown>;
}

describe('gateway errors, request ids, credentials and availability', () => {
  let fleet: TestFleet;
  let api: RecordingClient;
  let user: RegisteredUser;
  let jwks: JwksView;

  beforeAll(async () => {
    ({ fleet } = await startAuthFleet());
    api = new RecordingClient(fleet.baseUrl);
    user = await registerUser(api);
    jwks = (await api.get<JwksView>('/api/auth/.well-known/jwks.json')).body;
  });
  afterAll(() => fleet?.close());

  describe('bodies', () => {
    it.each([
      ['truncated JSON', '{"email": "a@example.test", "password":'],
      ['single-quoted JSON', "{'email': 'a@example.test'}"],
      ['trailing garbage', '{"email": "a@example.test"} xyz'],
      ['a prototype-poisoning key', '{"__proto__": {"admin": true}, "email": "a@example.test", "password": "x"}'],
    ])('answers 400 BAD_REQUEST to %s', async (_label, raw) => {
      const response = await api.post('/api/auth/login', undefined, { raw, headers: { 'Content-Type': 'application/json' } });
      expectError(response, 400, 'BAD_REQUEST');
    });

    it('answers 400 BAD_REQUEST to a text/plain body on POST /api/auth/login, even one that holds JSON', async () => {
      const raw = JSON.stringify({ email: user.email, password: user.password });
      const response = await api.post('/api/auth/login', undefined, { raw, headers: { 'Content-Type': 'text/plain' } });
      expectError(response, 400, 'BAD_REQUEST');
    });

    it('answers 400 BAD_REQUEST to a form-encoded body', async () => {
      const response = await api.post('/api/auth/login', undefined, {
        raw: 'email=a%40example.test&password=x',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      });
      expectError(response, 400, 'BAD_REQUEST');
    });

    it('accepts application/json with a charset parameter', async () => {
      const raw = JSON.stringify({ email: user.email, password: user.password });
      const response = await api.post('/api/auth/login', undefined, {
        raw,
        headers: { 'Content-Type': 'application/json; charset=utf-8' },
      });
      expect(response.status).toBe(200);
    });

    it('takes an empty application/json body as {} on POST /api/auth/logout', async () => {
      const session = await registerUser(api);
      const response = await api.post('/api/auth/logout', undefined, {
        token: session.accessToken,
        headers: { 'Content-Type': 'application/json' },
      });
      expect(response.status).toBe(200);
      expect(typeof response.body.message).toBe('string');
      // The calling session really ended.
      expect((await api.get('/api/auth/me', { token: session.accessToken })).status).toBe(401);
    });

    it('takes an empty application/json body as {} on DELETE', async () => {
      const session = await registerUser(api);
      const created = await api.post(
        '/api/settings/api-keys',
        { name: 'k', permissions: ['read:profile'] },
        { token: session.accessToken },
      );
      expect(created.status).toBe(201);
      const response = await api.delete(`/api/settings/api-keys/${created.body.id}`, {
        token: session.accessToken,
        headers: { 'Content-Type': 'application/json' },
      });
      expect(response.status).toBe(204);
      expect(response.text).toBe('');
    });

    it('answers 413 PAYLOAD_TOO_LARGE to a body over 1 MiB', async () => {
      const raw = JSON.stringify({ email: 'a@example.test', password: 'x'.repeat(1024 * 1024 + 10) });
      const response = await api.post('/api/auth/login', undefined, { raw, headers: { 'Content-Type': 'application/json' } });
      expectError(response, 413, 'PAYLOAD_TOO_LARGE');
    });

    it('answers 422 VALIDATION_ERROR naming each invalid field, messages without the field name', async () => {
      const response = await api.post('/api/auth/register', { email: 'not-an-email', password: 'short', name: 'Someone' });
      expectError(response, 422, 'VALIDATION_ERROR');
      const details = response.body.error.details as Record<string, string[]>;
      expect(Object.keys(details).sort()).toEqual(['email', 'password']);
      for (const [field, messages] of Object.entries(details)) {
        expect(Array.isArray(messages)).toBe(true);
        expect(messages.length).toBeGreaterThan(0);
        for (const message of messages) {
          expect(typeof message).toBe('string');
          expect(message.startsWith(`${field} `)).toBe(false);
        }
      }
    });

    it('names a missing required field', async () => {
      const response = await api.post('/api/auth/register', {
        email: `x-${randomBytes(4).toString('hex')}@example.test`,
        password: 'Long-enough-1',
      });
      expectError(response, 422, 'VALIDATION_ERROR');
      expect(Object.keys(response.body.error.details)).toEqual(['name']);
    });

    it.each(['password123', 'PASSWORD123', 'iloveyou'])('refuses the common password %p with 422 on password', async (password) => {
      const response = await api.post('/api/auth/register', {
        email: `c-${randomBytes(4).toString('hex')}@example.test`,
        password,
        name: 'C',
      });
      expectError(response, 422, 'VALIDATION_ERROR');
      expect(Object.keys(response.body.error.details)).toEqual(['password']);
    });

    it.each([
      ['a JSON array', '[{"email": "a@example.test", "password": "x"}]'],
      ['a JSON string', '"hello"'],
      ['a JSON number', '42'],
    ])('answers 422 VALIDATION_ERROR to %s as the body', async (_label, raw) => {
      const response = await api.post('/api/auth/login', undefined, { raw, headers: { 'Content-Type': 'application/json' } });
      expectError(response, 422, 'VALIDATION_ERROR');
      expect(response.body.error.details).toHaveProperty('body');
    });

    it('answers 422 (not 500) to a JSON null body', async () => {
      const response = await api.post('/api/auth/login', undefined, { raw: 'null', headers: { 'Content-Type': 'application/json' } });
      expectError(response, 422, 'VALIDATION_ERROR');
      expect(Object.keys(response.body.error.details).sort()).toEqual(['email', 'password']);
    });

    it('answers 422 to fields of the wrong JSON type', async () => {
      const response = await api.post('/api/auth/login', { email: ['a@example.test'], password: { $ne: null } });
      expectError(response, 422, 'VALIDATION_ERROR');
      expect(Object.keys(response.body.error.details).sort()).toEqual(['email', 'password']);
    });

    it('answers 409 CONFLICT to a second registration of the same email, whatever its case', async () => {
      const again = await api.post('/api/auth/register', { email: user.email, password: 'Another-password-1', name: 'Again' });
      expectError(again, 409, 'CONFLICT');
      const shouted = await api.post('/api/auth/register', {
        email: user.email.toUpperCase(),
        password: 'Another-password-1',
        name: 'Again',
      });
      expectError(shouted, 409, 'CONFLICT');
    });
  });

  describe('routes', () => {
    it.each([
      ['GET', '/api/no-such-thing'],
      ['GET', '/no-such-thing'],
      ['POST', '/api/auth/me/extra'],
      ['DELETE', '/api/auth/login'],
    ])('answers %s %s with 404 NOT_FOUND in the error shape', async (method, path) => {
      const response = await api.request(method, path);
      expectError(response, 404, 'NOT_FOUND');
    });

    it('answers 400 BAD_REQUEST to a malformed percent-encoding in the path', async () => {
      const response = await api.get('/api/settings/api-keys/%E0%A4%A', { token: user.accessToken });
      expectError(response, 400, 'BAD_REQUEST');
    });

    it('answers 404 to a path parameter far longer than any id', async () => {
      const response = await api.delete(`/api/settings/api-keys/${'a'.repeat(500)}`, { token: user.accessToken });
      expectError(response, 404, 'NOT_FOUND');
    });

    it.each([
      ['a non-numeric page', { limit: 'abc' }],
      ['a limit over 100', { limit: 500 }],
      ['an unknown order', { order: 'sideways' }],
    ])('answers 422 to %s in a list query', async (_label, query) => {
      const response = await api.get('/api/settings/api-keys', { token: user.accessToken, query });
      expectError(response, 422, 'VALIDATION_ERROR');
      expect(Object.keys(response.body.error.details)).toEqual(Object.keys(query));
    });

    it('answers 422 (not 500) to a repeated query parameter', async () => {
      const response = await api.get('/api/settings/api-keys?page=1&page=2', { token: user.accessToken });
      expectError(response, 422, 'VALIDATION_ERROR');
    });

    it('answers 401 (not 500) to a 10 KB bearer token', async () => {
      expectError(await api.get('/api/auth/me', { token: 'x'.repeat(10_000) }), 401, 'UNAUTHORIZED');
    });

    it('answers 404 to a path parameter that cannot name anything', async () => {
      const response = await api.delete('/api/settings/api-keys/not-a-uuid', { token: user.accessToken });
      expectError(response, 404, 'NOT_FOUND');
    });
  });

  describe('X-Request-ID', () => {
    it('echoes a well-formed client id in the header and in error meta', async () => {
      const id = `trace-${randomUUID()}.v1:abc_DEF`;
      const response = await api.get('/api/no-such-thing', { headers: { 'X-Request-ID': id } });
      expect(response.headers.get('x-request-id')).toBe(id);
      expect(response.body.meta.request_id).toBe(id);
      const ok = await api.get('/api/auth/me', { token: user.accessToken, headers: { 'X-Request-ID': id } });
      expect(ok.status).toBe(200);
      expect(ok.headers.get('x-request-id')).toBe(id);
    });

    it('generates a req_ id when none is sent, a new one per request', async () => {
      const first = await api.get('/api/no-such-thing');
      const second = await api.get('/api/no-such-thing');
      const ids = [first, second].map((r) => r.headers.get('x-request-id'));
      for (const [i, response] of [first, second].entries()) {
        expect(ids[i]).toMatch(GENERATED_REQUEST_ID);
        expect(response.body.meta.request_id).toBe(ids[i]);
      }
      expect(ids[0]).not.toBe(ids[1]);
    });

    it.each([
      ['spaces', 'id with spaces'],
      ['300 characters', 'a'.repeat(300)],
      ['markup', '<script>alert(1)</script>'],
      ['a header-splitting attempt', 'abc%0d%0aSet-Cookie:x=1'],
    ])('replaces a client id with %s by a generated one', async (_label, id) => {
      const response = await api.post('/api/auth/login', {}, { headers: { 'X-Request-ID': id } });
      expect(response.status).toBe(422);
      const echoed = response.headers.get('x-request-id');
      expect(echoed).not.toBe(id);
      expect(echoed).toMatch(GENERATED_REQUEST_ID);
      expect(response.body.meta.request_id).toBe(echoed);
    });
  });

  describe('access tokens', () => {
    const realKid = () => jwks.keys[0].kid;
    /** Claims like the auth service's, for the registered user's own session. */
    const claimsOf = (token: string) => {
      const payload = decodeSegment(token.split('.')[1]);
      return { sub: payload.sub, sid: payload.sid, jti: randomUUID(), roles: payload.roles, tier: payload.tier };
    };
    /** Signed with the fleet's own signing key (the one auth uses), so only the claims can be wrong. */
    const signWithRealKey = (claims: Record<string, unknown>, options: jwt.SignOptions = {}) =>
      jwt.sign(claims, fleet.env.JWT_PRIVATE_KEY, {
        algorithm: 'RS256',
        keyid: realKid(),
        issuer: ACCESS_TOKEN_ISSUER,
        audience: ACCESS_TOKEN_AUDIENCE,
        ...('exp' in claims ? {} : { expiresIn: 600 }),
        ...options,
      });

    it('serves a JWKS with one RS256 signing key', () => {
      expect(jwks.keys.length).toBeGreaterThan(0);
      expect(jwks.keys[0]).toMatchObject({ kty: 'RSA', alg: 'RS256', use: 'sig' });
    });

    it('accepts a token signed by the real key with correct claims (control for the refusals below)', async () => {
      const response = await api.get('/api/auth/me', { token: signWithRealKey(claimsOf(user.accessToken)) });
      expect(response.status).toBe(200);
      expect(response.body.id).toBe(user.id);
    });

    it('answers 401 when no credentials are sent', async () => {
      expectError(await api.get('/api/auth/me'), 401, 'UNAUTHORIZED');
    });

    it.each([
      ['Basic credentials', 'Basic xyz'],
      ['a bare scheme', 'Bearer'],
      ['a token without a scheme', 'eyJhbGciOiJSUzI1NiJ9.e30.x'],
      ['a garbage bearer token', 'Bearer garbage'],
      ['a garbage three-part bearer token', 'Bearer aaa.bbb.ccc'],
      ['an unknown API key', 'ApiKey sk_not_a_real_key_0123456789'],
    ])('answers 401 to %s', async (_label, authorization) => {
      expectError(await api.get('/api/auth/me', { headers: { Authorization: authorization } }), 401, 'UNAUTHORIZED');
    });

    it('answers 401 to a token with one character of its payload changed', async () => {
      const [header, payload, signature] = user.accessToken.split('.');
      const i = Math.floor(payload.length / 2);
      const tampered = `${header}.${payload.slice(0, i)}${payload[i] === 'A' ? 'B' : 'A'}${payload.slice(i + 1)}.${signature}`;
      expectError(await api.get('/api/auth/me', { token: tampered }), 401, 'UNAUTHORIZED');
    });

    it('answers 401 to a token whose payload was re-encoded with the admin role', async () => {
      const [header, payload, signature] = user.accessToken.split('.');
      const forged = `${header}.${b64url({ ...decodeSegment(payload), roles: ['admin'], tier: 'enterprise' })}.${signature}`;
      expectError(await api.get('/api/auth/me', { token: forged }), 401, 'UNAUTHORIZED');
    });

    it('answers 401 to an alg:none token', async () => {
      const payload = user.accessToken.split('.')[1];
      for (const header of [
        { alg: 'none', typ: 'JWT' },
        { alg: 'none', typ: 'JWT', kid: realKid() },
        { alg: 'NONE', typ: 'JWT' },
      ]) {
        expectError(await api.get('/api/auth/me', { token: `${b64url(header)}.${payload}.` }), 401, 'UNAUTHORIZED');
      }
    });

    it('answers 401 to an HS256 token signed with the public key (algorithm confusion)', async () => {
      const pem = createPublicKey({ key: { ...jwks.keys[0] } as never, format: 'jwk' }).export({ type: 'spki', format: 'pem' }) as string;
      const payload = b64url({
        ...claimsOf(user.accessToken),
        iss: ACCESS_TOKEN_ISSUER,
        aud: ACCESS_TOKEN_AUDIENCE,
        iat: Math.floor(Date.now() / 1000),
        exp: Math.floor(Date.now() / 1000) + 600,
      });
      for (const secret of [pem, JSON.stringify(jwks.keys[0]), jwks.keys[0].n]) {
        const header = b64url({ alg: 'HS256', typ: 'JWT', kid: realKid() });
        const signature = createHmac('sha256', secret).update(`${header}.${payload}`).digest('base64url');
        expectError(await api.get('/api/auth/me', { token: `${header}.${payload}.${signature}` }), 401, 'UNAUTHORIZED');
      }
    });

    it('answers 401 to a well-formed RS256 token with an unknown kid', async () => {
      const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
      const token = jwt.sign(claimsOf(user.accessToken), privateKey, {
        algorithm: 'RS256',
        keyid: `unknown-${randomBytes(6).toString('hex')}`,
        issuer: ACCESS_TOKEN_ISSUER,
        audience: ACCESS_TOKEN_AUDIENCE,
        expiresIn: 600,
      });
      expectError(await api.get('/api/auth/me', { token }), 401, 'UNAUTHORIZED');
    });

    it('answers 401 to an RS256 token signed by another key under the real kid', async () => {
      const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
      const token = jwt.sign(claimsOf(user.accessToken), privateKey, {
        algorithm: 'RS256',
        keyid: realKid(),
        issuer: ACCESS_TOKEN_ISSUER,
        audience: ACCESS_TOKEN_AUDIENCE,
        expiresIn: 600,
      });
      expectError(await api.get('/api/auth/me', { token }), 401, 'UNAUTHORIZED');
    });

    it('answers 401 "expired" to an expired token signed by the real key', async () => {
      const now = Math.floor(Date.now() / 1000);
      const token = signWithRealKey({ ...claimsOf(user.accessToken), iat: now - 7200, exp: now - 3600 });
      const response = await api.get('/api/auth/me', { token });
      expectError(response, 401, 'UNAUTHORIZED');
      expect(response.body.error.message).toMatch(/expired/i);
    });

    it.each([
      ['another audience', { audience: 'someone-else' }],
      ['another issuer', { issuer: 'someone-else' }],
    ])('answers 401 to a real-key token for %s', async (_label, options) => {
      const token = signWithRealKey(claimsOf(user.accessToken), options);
      expectError(await api.get('/api/auth/me', { token }), 401, 'UNAUTHORIZED');
    });

    it('answers 401 to a real-key token without the session and role claims', async () => {
      const token = signWithRealKey({ sub: user.id });
      expectError(await api.get('/api/auth/me', { token }), 401, 'UNAUTHORIZED');
    });

    it('takes Bearer demo_token as the demo user in demo mode', async () => {
      const response = await api.get('/api/auth/me', { token: 'demo_token' });
      expect(response.status).toBe(200);
      expect(response.body.email).toBe('demo@softfactory.dev');
    });
  });

  describe('health', () => {
    it.each(['/health', '/health/live', '/health/ready'])('answers %s with 200 and status ok', async (path) => {
      const response = await api.get(path);
      expect(response.status).toBe(200);
      expect(response.body.status).toBe('ok');
    });
  });

  // Last: stops and restarts the auth service.
  describe('when the auth service is down', () => {
    let authStopped = false;
    afterAll(async () => {
      // Leave the fleet whole even if the test failed half-way.
      if (authStopped) await fleet.startService('auth').catch(() => undefined);
    });

    it('answers 503 SERVICE_UNAVAILABLE quickly, reports not ready, and recovers once auth is back', async () => {
      expect((await api.get('/api/auth/me', { token: user.accessToken })).status).toBe(200);
      await fleet.stopService('auth');
      authStopped = true;

      const started = Date.now();
      const me = await api.get('/api/auth/me', { token: user.accessToken });
      const elapsed = Date.now() - started;
      expectError(me, 503, 'SERVICE_UNAVAILABLE');
      expect(elapsed).toBeLessThan(Number(fleet.env.REQUEST_TIMEOUT_MS) + 1000);

      const loginStarted = Date.now();
      const login = await api.post('/api/auth/login', { email: user.email, password: user.password });
      expectError(login, 503, 'SERVICE_UNAVAILABLE');
      expect(Date.now() - loginStarted).toBeLessThan(Number(fleet.env.REQUEST_TIMEOUT_MS) + 1000);

      const ready = await api.get('/health/ready');
      expect(ready.status).toBe(503);
      expect((await api.get('/health/live')).status).toBe(200);

      await fleet.startService('auth');
      authStopped = false;
      await eventually(async () => {
        const again = await api.post('/api/auth/login', { email: user.email, password: user.password });
        if (again.status !== 200) throw new Error(`login still ${again.status}`);
      }, 15_000);
      await eventually(async () => {
        const readyAgain = await api.get('/health/ready');
        if (readyAgain.status !== 200) throw new Error(`ready still ${readyAgain.status}`);
      }, 15_000);
      expect((await api.get('/api/auth/me', { token: user.accessToken })).status).toBe(200);
    });
  });

  it('never answered 500 to any request in this file', () => {
    const failures = api.seen.filter((r) => r.status >= 500 && r.status !== 503);
    expect(failures).toEqual([]);
    expect(api.seen.length).toBeGreaterThan(50);
  });
});
