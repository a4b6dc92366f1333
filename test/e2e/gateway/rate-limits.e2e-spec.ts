import 'reflect-metadata';
import { request as httpRequest, IncomingHttpHeaders } from 'node:http';
import { randomBytes } from 'node:crypto';
import { TestFleet } from '@sf/testing';
import { startAuthFleet } from '../fleet';

interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: any;
}

/**
 * One HTTP call to the gateway from a chosen loopback address (127.0.0.0/8 is all loopback on
 * Linux), so each test has its own anonymous and sign-in buckets without trusting proxy headers.
 */
function callFrom(
  baseUrl: string,
  ip: string,
  method: string,
  path: string,
  options: { token?: string; body?: unknown } = {},
): Promise<Answer> {
  const url = new URL(path, baseUrl);
  const payload = options.body === undefined ? undefined : JSON.stringify(options.body);
  const headers: Record<string, string> = {};
  if (options.token) headers.Authorization = `Bearer ${options.token}`;
  if (payload !== undefined) {
    headers['Content-Type'] = 'application/json';
    headers['Content-Length'] = String(Buffer.byteLength(payload));
  }
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: url.hostname, port: url.port, path: url.pathname + url.search, method, headers, localAddress: ip, timeout: 10_000 },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let body: unknown;
          try {
            body = text ? JSON.parse(text) : undefined;
          } catch {
            body = text;
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body });
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error(`${method} ${path} timed out`)));
    req.on('error', reject);
    if (payload !== undefined) req.write(payload);
    req.end();
  });
}

const RATE_HEADERS = ['x-ratelimit-limit', 'x-ratelimit-remaining', 'x-ratelimit-reset'];

/**
 * Windows are fixed and aligned to the wall-clock minute. A test that counts to a limit first makes
 * sure the minute will not roll over under it: with too little of it left, it waits (deadline-bound)
 * for the next one.
 */
async function withinOneMinute(secondsNeeded = 8): Promise<void> {
  const msLeft = () => 60_000 - (Date.now() % 60_000);
  if (msLeft() >= secondsNeeded * 1000) return;
  const deadline = Date.now() + 61_000;
  const startMinute = Math.floor(Date.now() / 60_000);
  while (Math.floor(Date.now() / 60_000) === startMinute) {
    if (Date.now() > deadline) throw new Error('the minute never rolled over');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function expectLimitHeaders(answer: Answer, limit: number, remaining: number): void {
  expect({ limit: answer.headers['x-ratelimit-limit'], remaining: answer.headers['x-ratelimit-remaining'] }).toEqual({
    limit: String(limit),
    remaining: String(remaining),
  });
  const reset = Number(answer.headers['x-ratelimit-reset']);
  const nowSeconds = Date.now() / 1000;
  expect(Number.isInteger(reset)).toBe(true);
  expect(reset).toBeGreaterThan(nowSeconds);
  expect(reset).toBeLessThanOrEqual(Math.ceil(nowSeconds) + 60);
  expect(reset % 60).toBe(0); // the end of the wall-clock minute
}

function expect429(answer: Answer, limit: number): void {
  expect(answer.status).toBe(429);
  expect(answer.body.error.code).toBe('RATE_LIMIT_EXCEEDED');
  expect(answer.body.meta.request_id).toBe(answer.headers['x-request-id']);
  const retryAfter = answer.headers['retry-after'];
  expect(retryAfter).toMatch(/^\d+$/);
  expect(Number(retryAfter)).toBeGreaterThanOrEqual(1);
  expect(Number(retryAfter)).toBeLessThanOrEqual(60);
  expect(answer.body.error.details.retry_after).toBe(Number(retryAfter));
  // Retry-After points at the reset of the window that refused the call.
  const reset = Number(answer.headers['x-ratelimit-reset']);
  expect(Math.abs(Date.now() / 1000 + Number(retryAfter) - reset)).toBeLessThanOrEqual(2);
  expect(answer.headers['x-ratelimit-limit']).toBe(String(limit));
  expect(answer.headers['x-ratelimit-remaining']).toBe('0');
}

describe('gateway rate limits (shared fixed windows, per caller)', () => {
  const ANON_PER_MIN = 5;
  const USER_PER_MIN = 4;
  const AUTH_PER_MIN = 3;
  let fleet: TestFleet;
  let call: (ip: string, method: string, path: string, options?: { token?: string; body?: unknown }) => Promise<Answer>;
  let userToken: string;
  let userId: string;

  beforeAll(async () => {
    ({ fleet } = await startAuthFleet({
      RATE_LIMIT_ANON_PER_MIN: String(ANON_PER_MIN),
      RATE_LIMIT_ANON_PER_HOUR: '1000',
      RATE_LIMIT_USER_PER_MIN: String(USER_PER_MIN),
      RATE_LIMIT_AUTH_PER_MIN: String(AUTH_PER_MIN),
    }));
    call = (ip, method, path, options) => callFrom(fleet.baseUrl, ip, method, path, options);
    const registered = await call('127.0.0.50', 'POST', '/api/auth/register', {
      body: {
        email: `rl-${randomBytes(6).toString('hex')}@example.test`,
        password: `Pw-${randomBytes(8).toString('hex')}`,
        name: 'Limited',
      },
    });
    expect(registered.status).toBe(201);
    userToken = registered.body.access_token;
    userId = registered.body.user.id;
  });
  afterAll(() => fleet?.close());

  it('sees each loopback address as its own client', async () => {
    // The premise of the tests below: request.ip is the source address used.
    const a = await call('127.0.0.9', 'GET', '/api/auth/me');
    const b = await call('127.0.0.8', 'GET', '/api/auth/me');
    expect(a.status).toBe(401);
    expect(b.headers['x-ratelimit-remaining']).toBe(a.headers['x-ratelimit-remaining']);
  });

  it('does not limit the JWKS (either path) or the health routes, nor send X-RateLimit headers there', async () => {
    const ip = '127.0.0.10';
    for (let i = 0; i < ANON_PER_MIN + 3; i++) {
      for (const path of ['/api/auth/.well-known/jwks.json', '/.well-known/jwks.json', '/health', '/health/live', '/health/ready']) {
        const answer = await call(ip, 'GET', path);
        expect({ path, status: answer.status }).toEqual({ path, status: 200 });
        for (const header of RATE_HEADERS) expect(answer.headers[header]).toBeUndefined();
      }
    }
  });

  it('counts an anonymous address down on every limited call and refuses the one past the limit with 429', async () => {
    await withinOneMinute();
    const ip = '127.0.0.11';
    const resets = new Set<string>();
    for (let i = 1; i <= ANON_PER_MIN; i++) {
      // Unauthenticated calls to a protected route count against the address (guessing is limited too).
      const answer = await call(ip, 'GET', '/api/auth/me');
      expect(answer.status).toBe(401);
      expectLimitHeaders(answer, ANON_PER_MIN, ANON_PER_MIN - i);
      resets.add(String(answer.headers['x-ratelimit-reset']));
    }
    expect(resets.size).toBe(1);
    const refused = await call(ip, 'GET', '/api/auth/me');
    expect429(refused, ANON_PER_MIN);
    expect(refused.headers['x-ratelimit-reset']).toBe([...resets][0]);
    // Still refused on the next try, and another address is untouched.
    expect((await call(ip, 'GET', '/api/auth/me')).status).toBe(429);
    const other = await call('127.0.0.12', 'GET', '/api/auth/me');
    expect(other.status).toBe(401);
    expectLimitHeaders(other, ANON_PER_MIN, ANON_PER_MIN - 1);
  });

  it('gives a signed-in user their own bucket, apart from the address and from other users', async () => {
    await withinOneMinute();
    const ip = '127.0.0.13';
    for (let i = 0; i < ANON_PER_MIN; i++) expect((await call(ip, 'GET', '/api/auth/me')).status).toBe(401);
    expect((await call(ip, 'GET', '/api/auth/me')).status).toBe(429);

    // The address is spent for anonymous callers, but the user is counted on their own (limit 4),
    // whichever address they call from.
    const ips = [ip, ip, '127.0.0.14', '127.0.0.15'];
    for (const [i, from] of ips.entries()) {
      const answer = await call(from, 'GET', '/api/auth/me', { token: userToken });
      expect(answer.status).toBe(200);
      expect(answer.body.id).toBe(userId);
      expectLimitHeaders(answer, USER_PER_MIN, USER_PER_MIN - 1 - i);
    }
    expect429(await call('127.0.0.16', 'GET', '/api/auth/me', { token: userToken }), USER_PER_MIN);

    // Another user on the spent address still has a full bucket.
    const demo = await call(ip, 'GET', '/api/auth/me', { token: 'demo_token' });
    expect(demo.status).toBe(200);
    expect(demo.body.email).toBe('demo@softfactory.dev');
    expectLimitHeaders(demo, USER_PER_MIN, USER_PER_MIN - 1);
    // And the address stays refused for anonymous calls.
    expect((await call(ip, 'GET', '/api/auth/me')).status).toBe(429);
  });

  it('refuses the fourth sign-in attempt from one address with 429, even with a different email each time', async () => {
    await withinOneMinute();
    const ip = '127.0.0.17';
    const attempt = () =>
      call(ip, 'POST', '/api/auth/login', {
        body: { email: `nobody-${randomBytes(6).toString('hex')}@example.test`, password: 'wrong-password' },
      });
    for (let i = 1; i <= AUTH_PER_MIN; i++) {
      const answer = await attempt();
      expect(answer.status).toBe(401);
      expect(answer.body.error.code).toBe('UNAUTHORIZED');
      // The sign-in bucket (3) is tighter than the anonymous one (5): the headers report it.
      expectLimitHeaders(answer, AUTH_PER_MIN, AUTH_PER_MIN - i);
    }
    expect429(await attempt(), AUTH_PER_MIN);

    // The bucket is shared by every sign-in route of the address...
    expect((await call(ip, 'POST', '/api/auth/password/reset', { body: { email: 'someone@example.test' } })).status).toBe(429);
    // ...and does not touch another address.
    const elsewhere = await call('127.0.0.18', 'POST', '/api/auth/password/reset', { body: { email: 'someone@example.test' } });
    expect(elsewhere.status).toBe(200);
    expectLimitHeaders(elsewhere, AUTH_PER_MIN, AUTH_PER_MIN - 1);
  });

  it('does not let the sign-in bucket refuse ordinary calls from the same address', async () => {
    await withinOneMinute();
    const ip = '127.0.0.19';
    for (let i = 0; i <= AUTH_PER_MIN; i++) {
      await call(ip, 'POST', '/api/auth/login', {
        body: { email: `nobody-${randomBytes(6).toString('hex')}@example.test`, password: 'x' },
      });
    }
    expect((await call(ip, 'POST', '/api/auth/login', { body: { email: 'a@example.test', password: 'x' } })).status).toBe(429);
    // A signed-in call from that address is counted against the user, not the sign-in bucket.
    const demo = await call(ip, 'GET', '/api/auth/me', { token: 'demo_token' });
    expect(demo.status).toBe(200);
  });
});
