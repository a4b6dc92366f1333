import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { CallerContext, PRODUCTS, SubscriptionEventData, SubscriptionStatus } from '@sf/contracts';
import { NotFound, SubscriptionRequired, Unauthorized } from '@sf/errors';
import type { CloudEvent } from '@sf/events';

/** A product named by its catalogue id (1..5), its slug (`coocook`) or its name (`CooCook`). */
export type ProductRef = number | string;

/** Statuses that entitle: paying, trying, or in the grace period while a failed payment is retried. */
export const ENTITLING_STATUSES: readonly SubscriptionStatus[] = ['active', 'trialing', 'past_due'];

export interface EntitlementView {
  subscription_id: string;
  product_id: number;
  product_slug: string;
  plan_slug: string;
  plan_type: string;
  status: string;
  current_period_end: string | null;
  cancel_at_period_end: boolean;
}

/** The product a reference names, or undefined. */
export function findProduct(ref: ProductRef): (typeof PRODUCTS)[number] | undefined {
  if (typeof ref === 'number') return PRODUCTS.find((p) => p.id === ref);
  const key = ref.trim().toLowerCase();
  return PRODUCTS.find((p) => p.slug === key || p.name.toLowerCase() === key || String(p.id) === key);
}

/** Answers "does user U have product P" from the local projection, and keeps the projection. */
@Injectable()
export class Entitlements {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** True when the user holds an entitling subscription to the product whose period has not ended. */
  async has(userId: string, product: ProductRef, manager: EntityManager = this.dataSource.manager): Promise<boolean> {
    const found = findProduct(product);
    if (!found) return false;
    const rows: unknown[] = await manager.query(
      `SELECT 1 FROM entitlements
        WHERE user_id = $1 AND product_id = $2 AND status = ANY($3)
          AND (current_period_end IS NULL OR current_period_end > now())
        LIMIT 1`,
      [userId, found.id, ENTITLING_STATUSES],
    );
    return rows.length > 0;
  }

  /**
   * Throws `SubscriptionRequired` (403 `Subscription to <product> required`) unless the caller is
   * entitled to the product; admins always pass. An anonymous caller is `Unauthorized`.
   */
  async require(ctx: CallerContext, product: ProductRef, manager?: EntityManager): Promise<void> {
    const found = findProduct(product);
    if (!found) throw new NotFound('Product');
    if (!ctx.user_id) throw new Unauthorized();
    if (ctx.roles.includes('admin')) return;
    if (!(await this.has(ctx.user_id, found.id, manager))) throw new SubscriptionRequired(found.name);
  }

  /** The user's known subscriptions, newest first, entitling or not. */
  async list(userId: string): Promise<EntitlementView[]> {
    const rows: {
      subscription_id: string;
      product_id: number;
      product_slug: string;
      plan_slug: string;
      plan_type: string;
      status: string;
      current_period_end: Date | null;
      cancel_at_period_end: boolean;
    }[] = await this.dataSource.query(
      `SELECT subscription_id, product_id, product_slug, plan_slug, plan_type, status, current_period_end, cancel_at_period_end
         FROM entitlements WHERE user_id = $1 ORDER BY updated_at DESC`,
      [userId],
    );
    return rows.map((r) => ({ ...r, current_period_end: r.current_period_end ? r.current_period_end.toISOString() : null }));
  }

  /**
   * Applies a `subscription.*` event in the caller's transaction. An event older than what the
   * projection holds (by the subscription's version) changes nothing, so late or replayed
   * events cannot resurrect a cancelled subscription.
   */
  async apply(event: CloudEvent<SubscriptionEventData>, manager: EntityManager): Promise<void> {
    const d = event.data;
    const version = Number.isSafeInteger(d.version) ? d.version : Date.parse(event.time) || 0;
    await manager.query(
      `INSERT INTO entitlements (subscription_id, user_id, product_id, product_slug, plan_slug, plan_type, status,
                                 current_period_end, cancel_at_period_end, version, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, now())
       ON CONFLICT (subscription_id) DO UPDATE SET
         product_id = EXCLUDED.product_id, product_slug = EXCLUDED.product_slug, plan_slug = EXCLUDED.plan_slug,
         plan_type = EXCLUDED.plan_type, status = EXCLUDED.status, current_period_end = EXCLUDED.current_period_end,
         cancel_at_period_end = EXCLUDED.cancel_at_period_end, version = EXCLUDED.version, updated_at = now()
       WHERE entitlements.version < EXCLUDED.version`,
      [
        d.subscription_id,
        d.user_id,
        d.product_id,
        d.product_slug,
        d.plan_slug,
        d.plan_type,
        d.status,
        d.current_period_end,
        d.cancel_at_period_end,
        version,
      ],
    );
  }
}
