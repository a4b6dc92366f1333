import { ACCESS_TOKEN_TTL_SECONDS, Tier, TIERS } from '@sf/contracts';

/**
 * The plan tier of users whose plan changed within a token's lifetime (`user.tier_changed`), so
 * rate limits follow a new plan at once rather than at the next token. Older entries are dropped:
 * every token alive by then was issued with the new tier.
 */
export class TierList {
  private readonly tiers = new Map<string, { tier: Tier; at: number }>();

  /** The user's current tier when it changed recently, else undefined (the credential's own tier holds). */
  tierOf(userId: string | null): Tier | undefined {
    return userId ? this.tiers.get(userId)?.tier : undefined;
  }

  /** A change at time `at` (ms); the live feed and the replay may both deliver it, the newest wins. */
  apply(userId: unknown, tier: unknown, at: number): void {
    if (typeof userId !== 'string' || !TIERS.includes(tier as Tier)) return;
    const known = this.tiers.get(userId);
    if (!known || known.at <= at) this.tiers.set(userId, { tier: tier as Tier, at });
  }

  prune(now = Date.now()): void {
    const horizon = now - ACCESS_TOKEN_TTL_SECONDS * 1000;
    for (const [userId, entry] of this.tiers) if (entry.at < horizon) this.tiers.delete(userId);
  }
}
