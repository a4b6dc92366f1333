import { Injectable, Logger } from '@nestjs/common';
import Stripe from 'stripe';
import { EntityManager } from 'typeorm';
import { SubscriptionEventData, SubscriptionStatus, Tier } from '@sf/contracts';
import { CatalogueService } from '../catalogue/catalogue.service';
import { CustomersService } from '../customers/customers.service';
import { PaymentEventLog } from '../events/payment-event-log';
import { Subscription } from './subscription.entity';

/** Statuses a subscription never leaves: Stripe cannot revive a canceled or expired subscription. */
const TERMINAL = new Set(['canceled', 'expired']);

/** Statuses that entitle their holder to the product (past_due: while Stripe retries the charge). */
export const ENTITLING_STATUSES = ['active', 'trialing', 'past_due'];

function statusOf(stripeStatus: string): SubscriptionStatus {
  switch (stripeStatus) {
    case 'active':
    case 'trialing':
    case 'past_due':
    case 'canceled':
    case 'incomplete':
      return stripeStatus;
    case 'unpaid':
      return 'past_due';
    case 'incomplete_expired':
    case 'paused':
      return 'expired';
    default:
      return 'incomplete';
  }
}

const at = (seconds: number | null | undefined): Date | null => (seconds ? new Date(seconds * 1000) : null);

/**
 * Brings a subscription row to what Stripe says, whoever says it (a webhook, the success page,
 * an API answer), and announces the change. Tolerant of Stripe's delivery order: a state older
 * than the one held (by Stripe's timestamps) changes nothing, and a canceled subscription stays
 * canceled, so `deleted` arriving before `created` ends canceled.
 */
@Injectable()
export class SubscriptionSync {
  private readonly logger = new Logger(SubscriptionSync.name);

  constructor(
    private readonly catalogue: CatalogueService,
    private readonly customers: CustomersService,
    private readonly events: PaymentEventLog,
  ) {}

  /**
   * `observedAt`: when Stripe's state was true (the event's `created`, or now for an API answer).
   * `creation`: the state is the subscription's first (`customer.subscription.created`), so it
   * never overwrites a state seen in the same second.
   */
  async apply(manager: EntityManager, sub: Stripe.Subscription, observedAt: number, creation = false): Promise<Subscription | null> {
    const repo = manager.getRepository(Subscription);
    let row = await repo.findOne({ where: { stripeSubscriptionId: sub.id }, lock: { mode: 'pessimistic_write' } });
    const next = await this.stateOf(sub, row);
    if (!next) {
      this.logger.warn({ msg: 'subscription without our metadata ignored', stripe_subscription_id: sub.id });
      return null;
    }
    let created = false;
    if (!row) {
      const inserted = await repo
        .createQueryBuilder()
        .insert()
        .values({ ...next, stripeSubscriptionId: sub.id, version: 0, stripeObservedAt: 0 })
        .orIgnore()
        .returning(['id'])
        .execute();
      created = inserted.raw.length > 0;
      row = await repo.findOneOrFail({ where: { stripeSubscriptionId: sub.id }, lock: { mode: 'pessimistic_write' } });
      if (created) row.status = 'none'; // compared below as "nothing before"
    }
    if (!created && TERMINAL.has(row.status) && !TERMINAL.has(next.status)) return row;
    if (!created && (observedAt < row.stripeObservedAt || (creation && observedAt <= row.stripeObservedAt))) return row;

    const before = { ...row };
    Object.assign(row, next);
    row.stripeObservedAt = Math.max(observedAt, row.stripeObservedAt);
    const changed =
      created ||
      (['status', 'planId', 'planType', 'productId', 'amountKrw', 'cancelAtPeriodEnd', 'stripePriceId', 'paused'] as const).some(
        (k) => before[k] !== row[k],
      ) ||
      before.currentPeriodEnd?.getTime() !== row.currentPeriodEnd?.getTime();
    if (!changed) {
      await repo.update({ id: row.id }, { stripeObservedAt: row.stripeObservedAt });
      return row;
    }
    row.version += 1;
    await repo.save(row);
    const type = TERMINAL.has(row.status)
      ? TERMINAL.has(before.status)
        ? 'subscription.updated'
        : 'subscription.cancelled'
      : created
        ? 'subscription.created'
        : 'subscription.updated';
    await this.events.record(manager, type, row.userId, await this.eventData(manager, row));
    return row;
  }

  /**
   * A period paid for (a `subscription_cycle` invoice): the row takes the invoice's period when it
   * is later than the one held (Stripe's `customer.subscription.updated` with the same period may
   * come before or after), and `subscription.renewed` announces the whole state with the payment.
   */
  async renewed(
    manager: EntityManager,
    stripeSubscriptionId: string,
    invoice: Stripe.Invoice,
    payment: { paymentId: string; amountKrw: number },
    observedAt: number,
  ): Promise<void> {
    const repo = manager.getRepository(Subscription);
    const row = await repo.findOne({ where: { stripeSubscriptionId }, lock: { mode: 'pessimistic_write' } });
    if (!row || TERMINAL.has(row.status)) {
      this.logger.warn({ msg: 'renewal of an unknown or ended subscription not announced', stripe_subscription_id: stripeSubscriptionId });
      return;
    }
    const line = invoice.lines?.data?.[0]?.period;
    const start = at(line?.start ?? invoice.period_start);
    const end = at(line?.end ?? invoice.period_end);
    if (end && (!row.currentPeriodEnd || end.getTime() > row.currentPeriodEnd.getTime())) {
      row.currentPeriodStart = start ?? row.currentPeriodStart;
      row.currentPeriodEnd = end;
    }
    // A paid period entitles, whatever a failed attempt before it said.
    if (row.status === 'past_due' || row.status === 'incomplete') row.status = 'active';
    row.stripeObservedAt = Math.max(observedAt, row.stripeObservedAt);
    row.version += 1;
    await repo.save(row);
    await this.events.record(manager, 'subscription.renewed', row.userId, {
      ...(await this.eventData(manager, row)),
      payment_id: payment.paymentId,
      amount_krw: payment.amountKrw,
      current_period_start: row.currentPeriodStart?.toISOString() ?? null,
    });
  }

  /** The row's fields from a Stripe subscription; null when it is not one of ours. */
  private async stateOf(sub: Stripe.Subscription, row: Subscription | null) {
    const meta = sub.metadata ?? {};
    const userId =
      meta.user_id ?? row?.userId ?? (await this.customers.userOf(typeof sub.customer === 'string' ? sub.customer : sub.customer?.id));
    const plan =
      (meta.plan_slug ? await this.catalogue.planBySlug(meta.plan_slug) : undefined) ??
      (row ? await this.catalogue.planById(row.planId) : undefined);
    const productId = Number(meta.product_id ?? row?.productId);
    if (!userId || !plan || !Number.isInteger(productId) || !(await this.catalogue.productById(productId))) return null;
    const item = sub.items?.data?.[0];
    const price = item?.price;
    const interval = price?.recurring?.interval;
    const planType = interval === 'year' ? 'annual' : interval === 'month' ? 'monthly' : (meta.plan_type ?? row?.planType ?? 'monthly');
    return {
      userId,
      stripeCustomerId: typeof sub.customer === 'string' ? sub.customer : (sub.customer?.id ?? null),
      stripeItemId: item?.id ?? row?.stripeItemId ?? null,
      stripePriceId: price?.id ?? row?.stripePriceId ?? null,
      productId,
      planId: plan.id,
      planSlug: plan.slug,
      planType,
      status: statusOf(sub.status),
      amountKrw: price?.unit_amount != null ? price.unit_amount * (item?.quantity ?? 1) : (row?.amountKrw ?? 0),
      currentPeriodStart: at(item?.current_period_start) ?? row?.currentPeriodStart ?? null,
      currentPeriodEnd: at(item?.current_period_end) ?? row?.currentPeriodEnd ?? null,
      cancelAtPeriodEnd: !!sub.cancel_at_period_end,
      canceledAt: at(sub.canceled_at),
      paused: !!sub.pause_collection,
    };
  }

  async eventData(manager: EntityManager, row: Subscription): Promise<SubscriptionEventData> {
    const product = await this.catalogue.productById(row.productId);
    return {
      subscription_id: row.id,
      user_id: row.userId,
      product_id: row.productId,
      product_slug: product?.slug ?? String(row.productId),
      plan_slug: row.planSlug as SubscriptionEventData['plan_slug'],
      plan_type: row.planType as SubscriptionEventData['plan_type'],
      status: row.status as SubscriptionStatus,
      current_period_end: row.currentPeriodEnd?.toISOString() ?? null,
      cancel_at_period_end: row.cancelAtPeriodEnd,
      amount_krw: row.amountKrw,
      paused: row.paused,
      version: row.version,
      account_tier: await accountTier(manager, row.userId),
    };
  }
}

/**
 * The account tier a user's subscriptions give: enterprise with an entitling enterprise plan,
 * premium with any other entitling paid plan, free otherwise.
 */
export async function accountTier(manager: EntityManager, userId: string): Promise<Tier> {
  const [row] = (await manager.query(
    `SELECT CASE WHEN bool_or(plan_slug = 'enterprise') THEN 'enterprise'
                 WHEN count(*) > 0 THEN 'premium'
                 ELSE 'free' END AS tier
       FROM subscriptions
      WHERE user_id = $1 AND status = ANY($2) AND plan_slug <> 'free'
        AND (current_period_end IS NULL OR current_period_end > now())`,
    [userId, ENTITLING_STATUSES],
  )) as { tier: Tier }[];
  return row?.tier ?? 'free';
}
