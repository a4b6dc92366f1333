import { EntityManager } from 'typeorm';
import type { CloudEvent, SubscriptionEventData } from '@sf/contracts';

/** Statuses that entitle (and count in MRR): past_due while Stripe retries the charge. */
export const ENTITLING = ['active', 'trialing', 'past_due'];
const TERMINAL = ['canceled', 'expired'];

/**
 * Applies one `subscription.*` event to `revenue_subscriptions`: the newest version's state wins;
 * the first event's time is when it started, the first entitling one's when it became active, the
 * first terminal one's when it was cancelled (each whatever order the events come in).
 */
export async function projectSubscription(manager: EntityManager, event: CloudEvent<SubscriptionEventData>): Promise<void> {
  const d = event.data;
  const at = new Date(event.time);
  await manager.query(
    `INSERT INTO revenue_subscriptions (subscription_id, user_id, product_id, product_slug, plan_slug, plan_type, status, amount_krw,
       cancel_at_period_end, current_period_end, started_at, version, updated_at, paused)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $11, $13)
     ON CONFLICT (subscription_id) DO UPDATE SET product_id = EXCLUDED.product_id, product_slug = EXCLUDED.product_slug,
       plan_slug = EXCLUDED.plan_slug, plan_type = EXCLUDED.plan_type, status = EXCLUDED.status,
       amount_krw = COALESCE(EXCLUDED.amount_krw, revenue_subscriptions.amount_krw),
       cancel_at_period_end = EXCLUDED.cancel_at_period_end, paused = EXCLUDED.paused, current_period_end = EXCLUDED.current_period_end,
       version = EXCLUDED.version, updated_at = EXCLUDED.updated_at
     WHERE revenue_subscriptions.version <= EXCLUDED.version`,
    [
      d.subscription_id,
      d.user_id,
      d.product_id,
      d.product_slug,
      d.plan_slug,
      d.plan_type,
      d.status,
      d.amount_krw ?? null,
      d.cancel_at_period_end,
      d.current_period_end,
      at,
      d.version,
      d.paused ?? false,
    ],
  );
  await manager.query(
    `UPDATE revenue_subscriptions SET started_at = LEAST(started_at, $2),
       activated_at = CASE WHEN $3 THEN LEAST(COALESCE(activated_at, $2), $2) ELSE activated_at END,
       canceled_at = CASE WHEN $4 THEN LEAST(COALESCE(canceled_at, $2), $2) ELSE canceled_at END
     WHERE subscription_id = $1`,
    [d.subscription_id, at, ENTITLING.includes(d.status), TERMINAL.includes(d.status)],
  );
}
