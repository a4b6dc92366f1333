import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AdminLoginsFeed, AdminSubscriptionsFeed, EventOf } from '@sf/contracts';
import { EventConsumers } from '@sf/events';

type LoginEvent = EventOf<(typeof AdminLoginsFeed)['reads']>;
type SubscriptionEvent = EventOf<(typeof AdminSubscriptionsFeed)['reads']>;

/** Records an account's activity row for an event (once: the event id is the row's). */
export async function recordActivity(
  manager: EntityManager,
  event: { id: string; time: string },
  userId: string,
  type: string,
  ip: string | null,
  details: Record<string, unknown>,
): Promise<void> {
  await manager.query(
    `INSERT INTO account_activities (id, user_id, type, ip, details, created_at) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (id) DO NOTHING`,
    [event.id, userId, type, ip, JSON.stringify(details), new Date(event.time)],
  );
}

/** Sign-ins and subscriptions of every account, for user administration. */
@Injectable()
export class ActivityConsumer implements OnApplicationBootstrap {
  constructor(private readonly consumers: EventConsumers) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.consumers.register(AdminLoginsFeed, (event, manager) => this.login(event, manager));
    await this.consumers.register(AdminSubscriptionsFeed, (event, manager) => this.subscription(event, manager));
  }

  async login(event: LoginEvent, manager: EntityManager): Promise<void> {
    const at = new Date(event.time);
    if (event.type === 'auth.login.succeeded') {
      await recordActivity(manager, event, event.data.user_id, 'login.succeeded', event.data.ip, { session_id: event.data.session_id });
      await manager.query(`UPDATE accounts SET last_login_at = GREATEST(last_login_at, $2), failed_logins = 0 WHERE user_id = $1`, [
        event.data.user_id,
        at,
      ]);
    } else {
      await recordActivity(manager, event, event.data.user_id, 'login.failed', event.data.ip, { reason: event.data.reason });
      await manager.query(`UPDATE accounts SET failed_logins = failed_logins + 1 WHERE user_id = $1`, [event.data.user_id]);
    }
  }

  async subscription(event: SubscriptionEvent, manager: EntityManager): Promise<void> {
    const d = event.data;
    await manager.query(
      `INSERT INTO account_subscriptions (subscription_id, user_id, product_id, product_slug, plan_slug, plan_type, status, current_period_end, version, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
       ON CONFLICT (subscription_id) DO UPDATE SET status = EXCLUDED.status, plan_slug = EXCLUDED.plan_slug, plan_type = EXCLUDED.plan_type,
         current_period_end = EXCLUDED.current_period_end, version = EXCLUDED.version, updated_at = EXCLUDED.updated_at
       WHERE account_subscriptions.version <= EXCLUDED.version`,
      [
        d.subscription_id,
        d.user_id,
        d.product_id,
        d.product_slug,
        d.plan_slug,
        d.plan_type,
        d.status,
        d.current_period_end,
        d.version,
        new Date(event.time),
      ],
    );
  }
}
