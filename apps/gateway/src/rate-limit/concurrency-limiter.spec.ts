import Redis from 'ioredis';
import { randomBytes, randomUUID } from 'node:crypto';
import { CallerContext } from '@sf/contracts';
import { DomainError } from '@sf/errors';
import { eventually } from '@sf/testing';
import { ConcurrencyLimiter, ConcurrencyPolicy, ReleaseSlot } from './concurrency-limiter';
import { LeaseStore, MemoryLeaseStore, RedisLeaseStore } from './lease-store';
import { limitsRedis } from './limits-redis';

const POLICY: ConcurrencyPolicy = { perTier: { free: 5, premium: 25, enterprise: 100 }, leaseMs: 600 };

function user(overrides: Partial<CallerContext> = {}): CallerContext {
  return {
    request_id: 'req_test',
    user_id: randomUUID(),
    roles: ['user'],
    tier: 'free',
    scopes: null,
    session_id: 's',
    api_key_id: null,
    ip: '203.0.113.9',
    ...overrides,
  };
}

async function refusal(promise: Promise<unknown>): Promise<DomainError> {
  try {
    await promise;
  } catch (error) {
    return error as DomainError;
  }
  throw new Error('expected the call to be refused');
}

async function take(limiter: ConcurrencyLimiter, who: CallerContext, n: number): Promise<ReleaseSlot[]> {
  const slots: ReleaseSlot[] = [];
  for (let i = 0; i < n; i++) slots.push((await limiter.acquire(who, 'standard')) as ReleaseSlot);
  return slots;
}

describe.each([
  ['in memory', () => new MemoryLeaseStore()],
  ['in Redis', () => new RedisLeaseStore(limitsRedis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379'))],
])('ConcurrencyLimiter %s', (_label, makeStore: () => LeaseStore) => {
  let store: LeaseStore;
  let limiter: ConcurrencyLimiter;
  const prefix = `cc-unit-${randomBytes(4).toString('hex')}`;

  beforeEach(async () => {
    store = makeStore();
    if (store instanceof RedisLeaseStore) await store.ready();
    limiter = new ConcurrencyLimiter(POLICY, store, () => undefined, prefix);
  });
  afterEach(async () => {
    limiter.close();
    await store.close();
  });

  it('lets a free account have 5 requests in flight and refuses the 6th with reason concurrency', async () => {
    const who = user();
    const slots = await take(limiter, who, 5);
    expect(slots.every((s) => typeof s === 'function')).toBe(true);
    const error = await refusal(limiter.acquire(who, 'standard'));
    expect(error).toBeInstanceOf(DomainError);
    expect(error.code).toBe('RATE_LIMIT_EXCEEDED');
    expect(error.details).toEqual({ reason: 'concurrency', limit: 5, retry_after: 1 });
    // Another account is not affected.
    expect(await limiter.acquire(user(), 'standard')).toEqual(expect.any(Function));
  });

  it('frees a slot when a request ends (once, however often release is called)', async () => {
    const who = user();
    const slots = await take(limiter, who, 5);
    slots[0]();
    slots[0]();
    await eventually(async () => expect(await limiter.acquire(who, 'standard')).toEqual(expect.any(Function)));
    await expect(limiter.acquire(who, 'standard')).rejects.toMatchObject({ code: 'RATE_LIMIT_EXCEEDED' });
  });

  it('gives professional (premium) accounts 25, enterprise accounts and admins 100', async () => {
    const premium = user({ tier: 'premium' });
    await take(limiter, premium, 25);
    await expect(limiter.acquire(premium, 'standard')).rejects.toMatchObject({ details: { limit: 25 } });
    const admin = user({ roles: ['user', 'admin'] });
    await take(limiter, admin, 100);
    await expect(limiter.acquire(admin, 'standard')).rejects.toMatchObject({ details: { limit: 100 } });
  });

  it('does not count anonymous callers or unlimited routes', async () => {
    const anonymous = user({ user_id: null, roles: [] });
    for (let i = 0; i < 10; i++) expect(await limiter.acquire(anonymous, 'standard')).toBeNull();
    const who = user();
    for (let i = 0; i < 10; i++) expect(await limiter.acquire(who, 'none')).toBeNull();
    expect(limiter.inFlight).toBe(0);
  });

  it('keeps the leases of a live replica past their length (renewed), and frees those of a dead one when they lapse', async () => {
    const who = user();
    await take(limiter, who, 5);
    // Alive: twice the lease length later its slots are still held (the heartbeat renews them).
    const other = new ConcurrencyLimiter(POLICY, store, () => undefined, prefix);
    try {
      const started = Date.now();
      await eventually(
        async () => {
          expect(Date.now() - started).toBeGreaterThan(2 * POLICY.leaseMs);
        },
        5000,
        100,
      );
      await expect(other.acquire(who, 'standard')).rejects.toMatchObject({ code: 'RATE_LIMIT_EXCEEDED' });
      // The replica dies: no more renewals, no releases. Its slots come free within the lease.
      limiter.close();
      const slot = await eventually(async () => {
        const acquired = await other.acquire(who, 'standard');
        expect(acquired).toEqual(expect.any(Function));
        return acquired;
      }, 10 * POLICY.leaseMs);
      expect(slot).toEqual(expect.any(Function));
    } finally {
      other.close();
    }
  });
});

describe('ConcurrencyLimiter without its store', () => {
  it('fails open, reporting the error', async () => {
    const errors: unknown[] = [];
    const broken: LeaseStore = {
      acquire: () => Promise.reject(new Error('down')),
      release: async () => undefined,
      renew: async () => undefined,
      close: async () => undefined,
    };
    const limiter = new ConcurrencyLimiter(POLICY, broken, (error) => errors.push(error));
    try {
      expect(await limiter.acquire(user(), 'standard')).toBeNull();
      expect(errors).toHaveLength(1);
    } finally {
      limiter.close();
    }
  });

  it('leaves no key behind in Redis once every slot is released', async () => {
    const store = new RedisLeaseStore(limitsRedis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379'));
    const admin = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
    const prefix = `cc-unit-${randomBytes(4).toString('hex')}`;
    const limiter = new ConcurrencyLimiter(POLICY, store, () => undefined, prefix);
    try {
      await store.ready();
      const who = user();
      const slots = await take(limiter, who, 3);
      expect(await admin.zcard(`${prefix}:cc:${who.user_id}`)).toBe(3);
      expect(await admin.pttl(`${prefix}:cc:${who.user_id}`)).toBeLessThanOrEqual(POLICY.leaseMs);
      slots.forEach((release) => release());
      await eventually(async () => expect(await admin.exists(`${prefix}:cc:${who.user_id}`)).toBe(0));
    } finally {
      limiter.close();
      await store.close();
      admin.disconnect();
    }
  });
});
