import { CallerContext, RateLimitClass } from '@sf/contracts';
import { RateLimited } from '@sf/errors';
import type { WindowLimits } from '../gateway.config';
import type { WindowStore } from './window-store';

const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;

export interface RateLimitPolicy {
  anonymous: WindowLimits;
  user: WindowLimits;
  premium: WindowLimits;
  auth: WindowLimits;
}

/** What the X-RateLimit-* headers report: the window closest to its limit. */
export interface RateLimitState {
  limit: number;
  remaining: number;
  /** Epoch seconds when that window resets. */
  reset: number;
}

interface Bucket {
  name: string;
  limits: WindowLimits;
}

/**
 * Fixed-window limits per caller (user, API key, or IP when anonymous) by tier, plus a tighter
 * per-IP bucket on sign-in routes. Admins and enterprise accounts are not limited.
 */
export class RateLimiter {
  constructor(
    private readonly policy: RateLimitPolicy,
    private readonly store: WindowStore,
    private readonly onStoreError: (error: unknown) => void,
    private readonly keyPrefix = 'rl',
  ) {}

  /** Counts the call; throws RATE_LIMIT_EXCEEDED past a limit; null when the caller is unlimited. */
  async check(caller: CallerContext, rateClass: RateLimitClass, now = Date.now()): Promise<RateLimitState | null> {
    if (rateClass === 'none') return null;
    const buckets = this.bucketsFor(caller, rateClass);
    if (buckets.length === 0) return null;

    const minute = Math.floor(now / MINUTE_MS);
    const hour = Math.floor(now / HOUR_MS);
    const windows = buckets.flatMap((bucket) => [
      {
        key: `${this.keyPrefix}:${bucket.name}:m:${minute}`,
        ttlMs: MINUTE_MS + 1000,
        limit: bucket.limits.perMinute,
        reset: (minute + 1) * 60,
      },
      { key: `${this.keyPrefix}:${bucket.name}:h:${hour}`, ttlMs: HOUR_MS + 1000, limit: bucket.limits.perHour, reset: (hour + 1) * 3600 },
    ]);
    let counts: number[];
    try {
      counts = await this.store.hit(windows);
    } catch (error) {
      // Without the shared store, serving beats refusing everyone; the error is reported.
      this.onStoreError(error);
      return null;
    }
    let tightest: RateLimitState | null = null;
    let exceeded: RateLimitState | null = null;
    windows.forEach((window, i) => {
      const state = { limit: window.limit, remaining: Math.max(0, window.limit - counts[i]), reset: window.reset };
      if (counts[i] > window.limit && (!exceeded || state.reset > exceeded.reset)) exceeded = state;
      if (!tightest || state.remaining < tightest.remaining) tightest = state;
    });
    if (exceeded) {
      const state = exceeded as RateLimitState;
      throw Object.assign(new RateLimited('Rate limit exceeded; retry later', state.reset - now / 1000), { rateLimit: state });
    }
    return tightest;
  }

  private bucketsFor(caller: CallerContext, rateClass: RateLimitClass): Bucket[] {
    const buckets: Bucket[] = [];
    if (rateClass === 'auth') buckets.push({ name: `auth:${caller.ip}`, limits: this.policy.auth });
    if (!caller.user_id) {
      buckets.push({ name: `ip:${caller.ip}`, limits: this.policy.anonymous });
    } else if (!caller.roles.includes('admin') && caller.tier !== 'enterprise') {
      const name = caller.api_key_id ? `key:${caller.api_key_id}` : `user:${caller.user_id}`;
      buckets.push({ name, limits: caller.tier === 'premium' ? this.policy.premium : this.policy.user });
    }
    return buckets;
  }
}
