import Redis from 'ioredis';
import { randomBytes } from 'node:crypto';
import { CallerContext, RateLimitClass } from '@sf/contracts';
import { DomainError } from '@sf/errors';
import { RateLimiter, RateLimitPolicy, RateLimitState } from './rate-limiter';
import { MemoryWindowStore, RedisWindowStore, WindowHit, WindowStore } from './window-store';
import { limitsRedis } from './limits-redis';

const POLICY: RateLimitPolicy = {
  anonymous: { perMinute: 3, perHour: 50 },
  user: { perMinute: 5, perHour: 100 },
  premium: { perMinute: 8, perHour: 200 },
  auth: { perMinute: 2, perHour: 40 },
};

// The middle of a wall-clock minute, so windows computed from it are stable.
const NOW = Date.UTC(2031, 2, 15, 19, 0, 30);
const MINUTE_RESET = Date.UTC(2031, 2, 15, 19, 1, 0) / 1000;
const HOUR_RESET = Date.UTC(2031, 2, 15, 20, 0, 0) / 1000;

function caller(overrides: Partial<CallerContext> = {}): CallerContext {
  return {
    request_id: 'req_test',
    user_id: null,
    roles: [],
    tier: 'free',
    scopes: null,
    session_id: null,
    api_key_id: null,
    ip: '203.0.113.7',
    ...overrides,
  };
}
const user = (id: string, overrides: Partial<CallerContext> = {}) =>
  caller({ user_id: id, roles: ['user'], session_id: `s-${id}`, ...overrides });

/** Calls `check` n times and returns the states. */
async function hits(limiter: RateLimiter, who: CallerContext, n: number, rateClass: RateLimitClass = 'standard', now = NOW) {
  const states: (RateLimitState | null)[] = [];
  for (let i = 0; i < n; i++) states.push(await limiter.check(who, rateClass, now));
  return states;
}

/** The error `check` throws when refusing, or fails the test. */
async function refusal(promise: Promise<unknown>): Promise<DomainError & { rateLimit: RateLimitState }> {
  try {
    await promise;
  } catch (error) {
    return error as DomainError & { rateLimit: RateLimitState };
  }
  throw new Error('expected the call to be refused');
}

/** A store that records what it was asked, around a memory store. */
class SpyStore implements WindowStore {
  readonly calls: WindowHit[][] = [];
  constructor(private readonly inner: WindowStore = new MemoryWindowStore()) {}
  hit(windows: WindowHit[]): Promise<number[]> {
    this.calls.push(windows);
    return this.inner.hit(windows);
  }
  ping() {
    return this.inner.ping();
  }
  close() {
    return this.inner.close();
  }
}

describe('RateLimiter with the in-memory store', () => {
  let store: SpyStore;
  let limiter: RateLimiter;
  let storeErrors: unknown[];

  beforeEach(() => {
    store = new SpyStore();
    storeErrors = [];
    limiter = new RateLimiter(POLICY, store, (error) => storeErrors.push(error), 'rl-unit');
  });
  afterEach(() => store.close());

  it('counts an anonymous caller per IP down to zero, reporting the minute window', async () => {
    const states = await hits(limiter, caller(), 3);
    expect(states).toEqual([
      { limit: 3, remaining: 2, reset: MINUTE_RESET },
      { limit: 3, remaining: 1, reset: MINUTE_RESET },
      { limit: 3, remaining: 0, reset: MINUTE_RESET },
    ]);
  });

  it('refuses the call past the limit with RATE_LIMIT_EXCEEDED, carrying the state and retry_after', async () => {
    await hits(limiter, caller(), 3);
    const error = await refusal(limiter.check(caller(), 'standard', NOW));
    expect(error).toBeInstanceOf(DomainError);
    expect(error.code).toBe('RATE_LIMIT_EXCEEDED');
    expect(error.rateLimit).toEqual({ limit: 3, remaining: 0, reset: MINUTE_RESET });
    expect(error.details).toEqual({ retry_after: 30 });
  });

  it('rounds retry_after up to whole seconds and never below 1', async () => {
    const late = NOW + 29_600; // 0.4 s before the minute ends
    await hits(limiter, caller(), 3, 'standard', late);
    const error = await refusal(limiter.check(caller(), 'standard', late));
    expect(error.details).toEqual({ retry_after: 1 });
    const mid = NOW + 100; // 29.9 s left
    await hits(limiter, caller({ ip: '203.0.113.8' }), 3, 'standard', mid);
    expect((await refusal(limiter.check(caller({ ip: '203.0.113.8' }), 'standard', mid))).details).toEqual({ retry_after: 30 });
  });

  it('keeps addresses apart', async () => {
    await hits(limiter, caller(), 3);
    await expect(limiter.check(caller(), 'standard', NOW)).rejects.toMatchObject({ code: 'RATE_LIMIT_EXCEEDED' });
    expect(await limiter.check(caller({ ip: '198.51.100.1' }), 'standard', NOW)).toEqual({ limit: 3, remaining: 2, reset: MINUTE_RESET });
  });

  it('starts a fresh count in the next minute', async () => {
    await hits(limiter, caller(), 3);
    await expect(limiter.check(caller(), 'standard', NOW)).rejects.toMatchObject({ code: 'RATE_LIMIT_EXCEEDED' });
    const next = await limiter.check(caller(), 'standard', NOW + 60_000);
    expect(next).toEqual({ limit: 3, remaining: 2, reset: MINUTE_RESET + 60 });
  });

  it('enforces the hour window across minutes, with a reset at the end of the hour', async () => {
    const hourly = new RateLimiter({ ...POLICY, anonymous: { perMinute: 100, perHour: 4 } }, store, () => undefined, 'rl-hourly');
    const start = Date.UTC(2031, 2, 15, 19, 10, 0);
    const states: (RateLimitState | null)[] = [];
    for (let minute = 0; minute < 4; minute++) states.push(await hourly.check(caller(), 'standard', start + minute * 60_000));
    expect(states.map((s) => s?.remaining)).toEqual([3, 2, 1, 0]);
    expect(states[3]).toEqual({ limit: 4, remaining: 0, reset: HOUR_RESET });
    const error = await refusal(hourly.check(caller(), 'standard', start + 10 * 60_000));
    expect(error.rateLimit).toEqual({ limit: 4, remaining: 0, reset: HOUR_RESET });
    expect(error.details).toEqual({ retry_after: 40 * 60 });
  });

  it('reports the later reset when the minute and the hour are both exceeded', async () => {
    const tight = new RateLimiter({ ...POLICY, anonymous: { perMinute: 1, perHour: 1 } }, store, () => undefined, 'rl-both');
    await tight.check(caller(), 'standard', NOW);
    const error = await refusal(tight.check(caller(), 'standard', NOW));
    expect(error.rateLimit.reset).toBe(HOUR_RESET);
    expect(error.details).toEqual({ retry_after: HOUR_RESET - NOW / 1000 });
  });

  it('gives a free user the user limits in a bucket of their own, apart from their IP and other users', async () => {
    await hits(limiter, caller(), 3); // the address is spent for anonymous calls
    const states = await hits(limiter, user('u1'), 5);
    expect(states.map((s) => s?.remaining)).toEqual([4, 3, 2, 1, 0]);
    expect(states[0]?.limit).toBe(5);
    await expect(limiter.check(user('u1'), 'standard', NOW)).rejects.toMatchObject({
      code: 'RATE_LIMIT_EXCEEDED',
      rateLimit: { limit: 5 },
    });
    // The same user from another address is the same bucket; another user is not.
    await expect(limiter.check(user('u1', { ip: '198.51.100.9' }), 'standard', NOW)).rejects.toMatchObject({ code: 'RATE_LIMIT_EXCEEDED' });
    expect(await limiter.check(user('u2'), 'standard', NOW)).toMatchObject({ limit: 5, remaining: 4 });
  });

  it('gives premium users the premium limits', async () => {
    const states = await hits(limiter, user('p1', { tier: 'premium' }), 8);
    expect(states[0]).toMatchObject({ limit: 8, remaining: 7 });
    await expect(limiter.check(user('p1', { tier: 'premium' }), 'standard', NOW)).rejects.toMatchObject({ rateLimit: { limit: 8 } });
  });

  it('counts an API key on its own, apart from the user who made it', async () => {
    const viaKey = user('k1', { api_key_id: 'key-1', scopes: ['read:profile'], session_id: null });
    await hits(limiter, viaKey, 5);
    await expect(limiter.check(viaKey, 'standard', NOW)).rejects.toMatchObject({ code: 'RATE_LIMIT_EXCEEDED' });
    expect(await limiter.check(user('k1'), 'standard', NOW)).toMatchObject({ limit: 5, remaining: 4 });
    expect(await limiter.check({ ...viaKey, api_key_id: 'key-2' }, 'standard', NOW)).toMatchObject({ remaining: 4 });
  });

  it.each([
    ['an admin', user('a1', { roles: ['user', 'admin'] })],
    ['an enterprise account', user('e1', { tier: 'enterprise' })],
  ])('does not limit %s (no state, nothing counted)', async (_label, who) => {
    const states = await hits(limiter, who, 50);
    expect(states.every((s) => s === null)).toBe(true);
    expect(store.calls).toEqual([]);
  });

  it("does not count 'none' routes at all", async () => {
    const states = await hits(limiter, caller(), 20, 'none');
    expect(states.every((s) => s === null)).toBe(true);
    expect(store.calls).toEqual([]);
  });

  it('adds a per-IP sign-in bucket on auth routes, reported while it is the tightest', async () => {
    const states = await hits(limiter, caller(), 2, 'auth');
    // auth: 2/min is tighter than anonymous 3/min.
    expect(states).toEqual([
      { limit: 2, remaining: 1, reset: MINUTE_RESET },
      { limit: 2, remaining: 0, reset: MINUTE_RESET },
    ]);
    const error = await refusal(limiter.check(caller(), 'auth', NOW));
    expect(error.code).toBe('RATE_LIMIT_EXCEEDED');
    expect(error.rateLimit.limit).toBe(2);
    // One window per bucket and period: auth minute+hour, ip minute+hour.
    expect(store.calls[0].map((w) => w.key)).toEqual([
      expect.stringMatching(/^rl-unit:auth:203\.0\.113\.7:m:/),
      expect.stringMatching(/^rl-unit:auth:203\.0\.113\.7:h:/),
      expect.stringMatching(/^rl-unit:ip:203\.0\.113\.7:m:/),
      expect.stringMatching(/^rl-unit:ip:203\.0\.113\.7:h:/),
    ]);
  });

  it('keeps the sign-in bucket per address, whatever the account, and separate from ordinary calls', async () => {
    const roomy = new RateLimiter({ ...POLICY, anonymous: { perMinute: 10, perHour: 100 } }, store, () => undefined, 'rl-roomy');
    await hits(roomy, caller(), 2, 'auth');
    await expect(roomy.check(caller(), 'auth', NOW)).rejects.toMatchObject({ code: 'RATE_LIMIT_EXCEEDED', rateLimit: { limit: 2 } });
    // An ordinary call from the same address is only held to the anonymous bucket (3 of 10 used).
    expect(await roomy.check(caller(), 'standard', NOW)).toEqual({ limit: 10, remaining: 6, reset: MINUTE_RESET });
    // Another address has its own sign-in bucket.
    expect(await roomy.check(caller({ ip: '198.51.100.2' }), 'auth', NOW)).toMatchObject({ limit: 2, remaining: 1 });
    // A signed-in caller on an auth route is held to the sign-in bucket of its address too.
    await expect(roomy.check(user('u9'), 'auth', NOW)).rejects.toMatchObject({ code: 'RATE_LIMIT_EXCEEDED', rateLimit: { limit: 2 } });
  });

  it('gives each window a TTL of a little over its length', async () => {
    await limiter.check(caller(), 'standard', NOW);
    const [minute, hour] = store.calls[0];
    expect(minute.ttlMs).toBeGreaterThan(60_000);
    expect(minute.ttlMs).toBeLessThanOrEqual(62_000);
    expect(hour.ttlMs).toBeGreaterThan(3_600_000);
    expect(hour.ttlMs).toBeLessThanOrEqual(3_602_000);
  });

  it('keeps limiters with different key prefixes apart on one store', async () => {
    const other = new RateLimiter(POLICY, store, () => undefined, 'rl-other');
    await hits(limiter, caller(), 3);
    expect(await other.check(caller(), 'standard', NOW)).toMatchObject({ remaining: 2 });
  });

  it('fails open when the store fails, reporting the error', async () => {
    const boom = new Error('store down');
    const broken: WindowStore = { hit: () => Promise.reject(boom), ping: async () => false, close: async () => undefined };
    const errors: unknown[] = [];
    const failing = new RateLimiter(POLICY, broken, (error) => errors.push(error));
    for (let i = 0; i < 10; i++) expect(await failing.check(caller(), 'auth', NOW)).toBeNull();
    expect(errors).toHaveLength(10);
    expect(errors[0]).toBe(boom);
    expect(storeErrors).toEqual([]);
  });
});

describe('MemoryWindowStore', () => {
  it('counts per key and starts again once a window expires', async () => {
    const store = new MemoryWindowStore();
    try {
      expect(
        await store.hit([
          { key: 'a', ttlMs: 60_000 },
          { key: 'b', ttlMs: 60_000 },
        ]),
      ).toEqual([1, 1]);
      expect(await store.hit([{ key: 'a', ttlMs: 60_000 }])).toEqual([2]);
      expect(await store.hit([{ key: 'short', ttlMs: 1 }])).toEqual([1]);
      const deadline = Date.now() + 1000;
      // Poll until the 1 ms window has passed (deadline-bound), then it counts from 1 again.
      let count = 0;
      while (Date.now() < deadline) {
        [count] = await store.hit([{ key: 'short', ttlMs: 1 }]);
        if (count === 1) break;
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      expect(count).toBe(1);
      expect(await store.ping()).toBe(true);
    } finally {
      await store.close();
    }
  });
});

describe('RateLimiter with RedisWindowStore (real Redis at redis://127.0.0.1:6379)', () => {
  const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  const prefix = `rl-unit-${randomBytes(6).toString('hex')}`;
  const stores: RedisWindowStore[] = [];
  let admin: Redis;

  beforeAll(() => {
    admin = new Redis(REDIS_URL);
  });
  afterAll(async () => {
    const keys = await admin.keys(`${prefix}:*`);
    if (keys.length) await admin.del(...keys);
    await Promise.all(stores.map((s) => s.close()));
    admin.disconnect();
  });

  function replica(): RateLimiter {
    const store = new RedisWindowStore(limitsRedis(REDIS_URL));
    stores.push(store);
    return new RateLimiter(
      POLICY,
      store,
      (error) => {
        throw new Error(`unexpected store error: ${String(error)}`);
      },
      prefix,
    );
  }

  it('shares counts between two gateway replicas', async () => {
    const a = replica();
    const b = replica();
    // Wait (deadline-bound) until both connections are up; the store fails fast while offline.
    const ready = async (s: RedisWindowStore) => {
      const deadline = Date.now() + 5000;
      while (!(await s.ping())) {
        if (Date.now() > deadline) throw new Error('Redis not reachable');
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    };
    await Promise.all(stores.map(ready));
    const now = Date.now();
    const who = caller({ ip: '192.0.2.44' });
    expect(await a.check(who, 'standard', now)).toMatchObject({ limit: 3, remaining: 2 });
    expect(await b.check(who, 'standard', now)).toMatchObject({ limit: 3, remaining: 1 });
    expect(await a.check(who, 'standard', now)).toMatchObject({ limit: 3, remaining: 0 });
    const error = await refusal(b.check(who, 'standard', now));
    expect(error.code).toBe('RATE_LIMIT_EXCEEDED');
    expect(error.rateLimit).toMatchObject({ limit: 3, remaining: 0 });

    // The keys carry the prefix and expire with their windows.
    const keys = await admin.keys(`${prefix}:ip:192.0.2.44:*`);
    expect(keys).toHaveLength(2);
    for (const key of keys) {
      const ttl = await admin.pttl(key);
      expect(ttl).toBeGreaterThan(0);
      expect(ttl).toBeLessThanOrEqual(key.includes(':m:') ? 61_000 : 3_601_000);
      expect(await admin.get(key)).toBe('4');
    }
  });

  it('fails open, reporting the error, when Redis cannot be reached', async () => {
    const unreachable = new RedisWindowStore(limitsRedis('redis://127.0.0.1:1'));
    try {
      const errors: unknown[] = [];
      const limiter = new RateLimiter(POLICY, unreachable, (error) => errors.push(error), prefix);
      const started = Date.now();
      expect(await limiter.check(caller(), 'standard')).toBeNull();
      expect(Date.now() - started).toBeLessThan(3000);
      expect(errors).toHaveLength(1);
      expect(await unreachable.ping()).toBe(false);
    } finally {
      await unreachable.close();
    }
  });
});
