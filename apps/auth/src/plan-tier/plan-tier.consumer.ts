import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AuthPlanTierFeed, EventOf, Tier, TIERS } from '@sf/contracts';
import { EventConsumers } from '@sf/events';
import { AuthEventLog } from '../events/auth-event-log';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The account tier rate limits read, kept from payment's `subscription.*` events: each carries
 * the tier the user's subscriptions give (enterprise, premium for a paid plan, free otherwise).
 * The change, its `user.tier_changed` event and the inbox row commit together; tokens issued
 * after it carry the new tier.
 */
@Injectable()
export class PlanTierConsumer implements OnApplicationBootstrap {
  constructor(
    private readonly consumers: EventConsumers,
    private readonly events: AuthEventLog,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.consumers.register(AuthPlanTierFeed, (event, manager) => this.apply(event, manager));
  }

  async apply(event: EventOf<(typeof AuthPlanTierFeed)['reads']>, manager: EntityManager): Promise<void> {
    const { user_id: userId, account_tier: tier } = event.data;
    if (typeof userId !== 'string' || !UUID.test(userId) || !TIERS.includes(tier)) return; // not an event this consumer understands
    const [user] = (await manager.query(`SELECT tier FROM users WHERE id = $1 FOR UPDATE`, [userId])) as { tier: Tier }[];
    if (!user || user.tier === tier) return;
    await manager.query(`UPDATE users SET tier = $2, updated_at = now() WHERE id = $1`, [userId, tier]);
    await this.events.record(manager, 'user.tier_changed', userId, { user_id: userId, tier, previous_tier: user.tier });
  }
}
