import { randomBytes } from 'node:crypto';
import { CallerContext, RateLimitClass, Tier } from '@sf/contracts';
import { DomainError, ErrorCode } from '@sf/errors';
import type { Lease, LeaseStore } from './lease-store';

/** Requests an account may have in flight at once, per plan tier, and how long a lease lasts unrenewed. */
export interface ConcurrencyPolicy {
  /** Off only to measure what the limit costs (bench) or in an emergency. */
  enabled?: boolean;
  perTier: Record<Tier, number>;
  leaseMs: number;
}

/** Frees the slot a request held; safe to call more than once. */
export type ReleaseSlot = () => void;

/**
 * At most N requests in flight per account (free 5, professional 25, enterprise 100 by default),
 * counted across gateway replicas. Each request holds a lease that this replica renews while it
 * runs; a replica that dies stops renewing, and its slots free themselves when the lease ends.
 * Anonymous callers are held by the per-address rate limits instead.
 */
export class ConcurrencyLimiter {
  private readonly held = new Map<string, Lease>();
  private readonly heartbeat: NodeJS.Timeout;
  private readonly replica = randomBytes(6).toString('hex');
  private sequence = 0;

  constructor(
    private readonly policy: ConcurrencyPolicy,
    private readonly store: LeaseStore,
    private readonly onStoreError: (error: unknown) => void,
    private readonly keyPrefix = 'rl',
  ) {
    // Renewed three times per lease length, so one missed beat loses nothing.
    this.heartbeat = setInterval(() => this.renew(), Math.max(50, Math.floor(policy.leaseMs / 3))).unref();
  }

  /** Takes a slot for the caller; throws RATE_LIMIT_EXCEEDED (reason `concurrency`) when all are taken; null when not counted. */
  async acquire(caller: CallerContext, rateClass: RateLimitClass): Promise<ReleaseSlot | null> {
    if (rateClass === 'none' || !caller.user_id || this.policy.enabled === false) return null;
    // Admins are held to the largest plan's limit: a runaway script stays bounded.
    const limit = caller.roles.includes('admin') ? this.policy.perTier.enterprise : this.policy.perTier[caller.tier];
    const id = `${this.replica}:${(++this.sequence).toString(36)}`;
    const lease: Lease = { key: `${this.keyPrefix}:cc:${caller.user_id}`, id };
    let acquired: boolean;
    try {
      acquired = await this.store.acquire(lease, limit, this.policy.leaseMs);
    } catch (error) {
      // As for the window limits: without the shared store, serving beats refusing everyone.
      this.onStoreError(error);
      return null;
    }
    if (!acquired)
      throw new DomainError(ErrorCode.RATE_LIMIT_EXCEEDED, `At most ${limit} requests of this account may be in flight at once`, {
        reason: 'concurrency',
        limit,
        retry_after: 1,
      });
    this.held.set(id, lease);
    return () => {
      if (!this.held.delete(id)) return;
      this.store.release(lease).catch((error: unknown) => this.onStoreError(error));
    };
  }

  /** Leases this replica holds now. */
  get inFlight(): number {
    return this.held.size;
  }

  /** Stops renewing; leases still held lapse on their own (as when the replica dies). */
  close(): void {
    clearInterval(this.heartbeat);
  }

  private renew(): void {
    if (this.held.size === 0) return;
    this.store.renew([...this.held.values()], this.policy.leaseMs).catch((error: unknown) => this.onStoreError(error));
  }
}
