import Redis from 'ioredis';

/** One slot held by a request in flight. */
export interface Lease {
  key: string;
  id: string;
}

/**
 * Slots of in-flight requests per account. A lease lasts `leaseMs` unless renewed, so the slots
 * of a replica that dies mid-request free themselves.
 */
export interface LeaseStore {
  /** Takes a slot under `key` if fewer than `limit` unexpired leases are held there. */
  acquire(lease: Lease, limit: number, leaseMs: number): Promise<boolean>;
  release(lease: Lease): Promise<void>;
  /** Extends leases still held (a replica's heartbeat); released ones are not revived. */
  renew(leases: Lease[], leaseMs: number): Promise<void>;
  close(): Promise<void>;
}

// A sorted set per account: member = lease id, score = when it expires (Redis's own clock, so
// replicas' clocks do not matter). Expired members are dropped before counting.
const ACQUIRE_SCRIPT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[2]) then return 0 end
redis.call('ZADD', KEYS[1], now + tonumber(ARGV[3]), ARGV[1])
redis.call('PEXPIRE', KEYS[1], ARGV[3])
return 1`;

const RENEW_SCRIPT = `
local t = redis.call('TIME')
local expires = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000) + tonumber(ARGV[1])
for i, key in ipairs(KEYS) do
  if redis.call('ZSCORE', key, ARGV[i + 1]) then
    redis.call('ZADD', key, expires, ARGV[i + 1])
    redis.call('PEXPIRE', key, ARGV[1])
  end
end
return 0`;

type LeaseCommands = Redis & {
  acquireLease(key: string, id: string, limit: number, leaseMs: number): Promise<number>;
  renewLeases(numKeys: number, ...args: (string | number)[]): Promise<number>;
};

/** Shared by every gateway replica. */
export class RedisLeaseStore implements LeaseStore {
  private readonly redis: LeaseCommands;

  /** On the gateway's limits connection (`limitsRedis`). */
  constructor(redis: Redis) {
    redis.defineCommand('acquireLease', { numberOfKeys: 1, lua: ACQUIRE_SCRIPT });
    redis.defineCommand('renewLeases', { lua: RENEW_SCRIPT });
    this.redis = redis as LeaseCommands;
  }

  async acquire(lease: Lease, limit: number, leaseMs: number): Promise<boolean> {
    return (await this.redis.acquireLease(lease.key, lease.id, limit, leaseMs)) === 1;
  }

  async release(lease: Lease): Promise<void> {
    await this.redis.zrem(lease.key, lease.id);
  }

  async renew(leases: Lease[], leaseMs: number): Promise<void> {
    if (leases.length === 0) return;
    await this.redis.renewLeases(leases.length, ...leases.map((l) => l.key), leaseMs, ...leases.map((l) => l.id));
  }

  /** Waits (deadline-bound) until connected; for tests and benches. */
  async ready(timeoutMs = 5000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while ((await this.redis.ping().catch(() => '')) !== 'PONG') {
      if (Date.now() > deadline) throw new Error('Redis not reachable');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  async close(): Promise<void> {
    this.redis.disconnect();
  }
}

/** For a single gateway without Redis (REDIS_URL unset). */
export class MemoryLeaseStore implements LeaseStore {
  private readonly leases = new Map<string, Map<string, number>>();

  async acquire(lease: Lease, limit: number, leaseMs: number): Promise<boolean> {
    const now = Date.now();
    const held = this.leases.get(lease.key) ?? new Map<string, number>();
    for (const [id, expiresAt] of held) if (expiresAt <= now) held.delete(id);
    if (held.size >= limit) return false;
    held.set(lease.id, now + leaseMs);
    this.leases.set(lease.key, held);
    return true;
  }

  async release(lease: Lease): Promise<void> {
    const held = this.leases.get(lease.key);
    held?.delete(lease.id);
    if (held?.size === 0) this.leases.delete(lease.key);
  }

  async renew(leases: Lease[], leaseMs: number): Promise<void> {
    const expiresAt = Date.now() + leaseMs;
    for (const lease of leases) {
      const held = this.leases.get(lease.key);
      if (held?.has(lease.id)) held.set(lease.id, expiresAt);
    }
  }

  async close(): Promise<void> {
    this.leases.clear();
  }
}
