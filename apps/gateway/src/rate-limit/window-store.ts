import Redis from 'ioredis';

/** One fixed window to count a hit in: its key and how long the window lasts. */
export interface WindowHit {
  key: string;
  ttlMs: number;
}

/** Counts hits in fixed windows; answers each window's count after this hit. */
export interface WindowStore {
  hit(windows: WindowHit[]): Promise<number[]>;
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

// All windows of a request in one round trip; a key expires with its window.
const HIT_SCRIPT = `
local counts = {}
for i, key in ipairs(KEYS) do
  local count = redis.call('INCR', key)
  if count == 1 then redis.call('PEXPIRE', key, ARGV[i]) end
  counts[i] = count
end
return counts`;

/** Shared by every gateway replica. */
export class RedisWindowStore implements WindowStore {
  private readonly redis: Redis & { hitWindows(numKeys: number, ...args: (string | number)[]): Promise<number[]> };

  /** On the gateway's limits connection (`limitsRedis`). */
  constructor(redis: Redis) {
    redis.defineCommand('hitWindows', { lua: HIT_SCRIPT });
    this.redis = redis as RedisWindowStore['redis'];
  }

  hit(windows: WindowHit[]): Promise<number[]> {
    return this.redis.hitWindows(windows.length, ...windows.map((w) => w.key), ...windows.map((w) => w.ttlMs));
  }

  async ping(): Promise<boolean> {
    return (await this.redis.ping().catch(() => '')) === 'PONG';
  }

  async close(): Promise<void> {
    this.redis.disconnect();
  }
}

/** For a single gateway without Redis (REDIS_URL unset). */
export class MemoryWindowStore implements WindowStore {
  private readonly counts = new Map<string, { count: number; expiresAt: number }>();
  private readonly sweeper = setInterval(() => this.sweep(), 30_000).unref();

  async hit(windows: WindowHit[]): Promise<number[]> {
    const now = Date.now();
    return windows.map(({ key, ttlMs }) => {
      const entry = this.counts.get(key);
      if (!entry || entry.expiresAt <= now) {
        this.counts.set(key, { count: 1, expiresAt: now + ttlMs });
        return 1;
      }
      entry.count += 1;
      return entry.count;
    });
  }

  async ping(): Promise<boolean> {
    return true;
  }

  async close(): Promise<void> {
    clearInterval(this.sweeper);
  }

  private sweep(): void {
    const now = Date.now();
    for (const [key, entry] of this.counts) if (entry.expiresAt <= now) this.counts.delete(key);
  }
}
