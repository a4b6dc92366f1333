import { randomBytes, randomUUID } from 'node:crypto';
import Stripe from 'stripe';
import { CatalogueService } from '../catalogue/catalogue.service';
import { CustomersService } from '../customers/customers.service';
import { PaymentEventLog } from '../events/payment-event-log';
import { PaymentTestDatabase } from '../testing/payment-test-database';
import { accountTier, SubscriptionSync } from './subscription-sync.service';

const DAY = 86_400;

/** A Stripe subscription as Stripe sends it, ours by its metadata. */
function stripeSubscription(
  userId: string,
  id: string,
  overrides: { status?: string; plan?: string; productId?: number; amount?: number; periodEnd?: number; cancelAtPeriodEnd?: boolean } = {},
): Stripe.Subscription {
  const start = Math.floor(Date.now() / 1000);
  return {
    id,
    object: 'subscription',
    customer: 'cus_spec',
    status: overrides.status ?? 'active',
    cancel_at_period_end: overrides.cancelAtPeriodEnd ?? false,
    canceled_at: null,
    metadata: { user_id: userId, product_id: String(overrides.productId ?? 1), plan_slug: overrides.plan ?? 'pro', plan_type: 'monthly' },
    items: {
      object: 'list',
      data: [
        {
          id: `si_${id}`,
          quantity: 1,
          current_period_start: start,
          current_period_end: overrides.periodEnd ?? start + 30 * DAY,
          price: { id: `price_${id}`, unit_amount: overrides.amount ?? 9900, currency: 'krw', recurring: { interval: 'month' } },
        },
      ],
    },
  } as unknown as Stripe.Subscription;
}

describe('SubscriptionSync (real Postgres)', () => {
  let db: PaymentTestDatabase;
  let sync: SubscriptionSync;

  beforeAll(async () => {
    db = await PaymentTestDatabase.create();
    const catalogue = new CatalogueService(db.dataSource);
    sync = new SubscriptionSync(catalogue, {} as CustomersService, new PaymentEventLog(db.domainEvents()));
  });
  afterAll(() => db?.close());

  const apply = (sub: Stripe.Subscription, at: number, creation = false) =>
    db.dataSource.transaction((m) => sync.apply(m, sub, at, creation));
  const eventsOf = async (userId: string) =>
    (await db.outbox()).filter((e) => e.subject === userId).map((e) => [e.type, e.data.status, e.data.version]);
  const newId = () => `sub_${randomBytes(6).toString('hex')}`;

  it('ends canceled when deleted arrives before created, announcing only the cancellation', async () => {
    const userId = randomUUID();
    const id = newId();
    await apply(stripeSubscription(userId, id, { status: 'canceled' }), 200);
    await apply(stripeSubscription(userId, id, { status: 'active' }), 100, true);
    await apply(stripeSubscription(userId, id, { status: 'active' }), 300); // even a later one
    const [row] = await db.dataSource.query(`SELECT status FROM subscriptions WHERE stripe_subscription_id = $1`, [id]);
    expect(row.status).toBe('canceled');
    expect(await eventsOf(userId)).toEqual([['subscription.cancelled', 'canceled', 1]]);
  });

  it('ignores a state older than the one held, and a creation seen in the same second as a newer state', async () => {
    const userId = randomUUID();
    const id = newId();
    await apply(stripeSubscription(userId, id, { status: 'active' }), 100, true);
    await apply(stripeSubscription(userId, id, { status: 'active', cancelAtPeriodEnd: true }), 200);
    await apply(stripeSubscription(userId, id, { status: 'past_due' }), 150);
    await apply(stripeSubscription(userId, id, { status: 'active', cancelAtPeriodEnd: false }), 200, true);
    const [row] = await db.dataSource.query(
      `SELECT status, cancel_at_period_end, version FROM subscriptions WHERE stripe_subscription_id = $1`,
      [id],
    );
    expect(row).toEqual({ status: 'active', cancel_at_period_end: true, version: 2 });
    expect(await eventsOf(userId)).toEqual([
      ['subscription.created', 'active', 1],
      ['subscription.updated', 'active', 2],
    ]);
  });

  it('announces nothing when a replayed state changes nothing', async () => {
    const userId = randomUUID();
    const id = newId();
    const sub = stripeSubscription(userId, id);
    await apply(sub, 100, true);
    await apply(sub, 100);
    await apply(sub, 150);
    expect(await eventsOf(userId)).toEqual([['subscription.created', 'active', 1]]);
  });

  it('ignores a subscription that is not ours', async () => {
    const sub = stripeSubscription(randomUUID(), newId());
    sub.metadata = {};
    const customers = { userOf: async () => null } as unknown as CustomersService;
    const strict = new SubscriptionSync(new CatalogueService(db.dataSource), customers, new PaymentEventLog(db.domainEvents()));
    expect(await db.dataSource.transaction((m) => strict.apply(m, sub, 100))).toBeNull();
  });

  it('derives the account tier from entitling, unexpired paid subscriptions', async () => {
    const userId = randomUUID();
    const tier = () => accountTier(db.dataSource.manager, userId);
    expect(await tier()).toBe('free');
    const pro = newId();
    await apply(stripeSubscription(userId, pro, { productId: 2 }), 100);
    expect(await tier()).toBe('premium');
    const enterprise = newId();
    await apply(stripeSubscription(userId, enterprise, { productId: 3, plan: 'enterprise', amount: 89000, status: 'past_due' }), 100);
    expect(await tier()).toBe('enterprise');
    await apply(stripeSubscription(userId, enterprise, { productId: 3, plan: 'enterprise', status: 'canceled' }), 200);
    expect(await tier()).toBe('premium');
    await apply(stripeSubscription(userId, pro, { productId: 2, periodEnd: Math.floor(Date.now() / 1000) - 60 }), 200);
    expect(await tier()).toBe('free');
    // Each event carries the tier after its change.
    expect((await db.outbox()).filter((e) => e.subject === userId).map((e) => e.data.account_tier)).toEqual([
      'premium',
      'enterprise',
      'premium',
      'free',
    ]);
  });

  /** A cycle's invoice for the period [start, end] (seconds), as Stripe's invoice.paid carries it. */
  const cycleInvoice = (start: number, end: number) =>
    ({ id: `in_${randomBytes(6).toString('hex')}`, lines: { data: [{ period: { start, end } }] } }) as unknown as Stripe.Invoice;
  const renew = (id: string, start: number, end: number, at: number) =>
    db.dataSource.transaction((m) => sync.renewed(m, id, cycleInvoice(start, end), { paymentId: randomUUID(), amountKrw: 9900 }, at));
  const periodEnd = async (id: string) =>
    (
      await db.dataSource.query(
        `SELECT current_period_end AS "end", status, version FROM subscriptions WHERE stripe_subscription_id = $1`,
        [id],
      )
    )[0];

  it("announces a renewal with the invoice's period, whether Stripe's subscription update comes before or after it", async () => {
    const start = Math.floor(Date.now() / 1000);
    const next = start + 30 * DAY;
    const after = start + 60 * DAY;
    // invoice.paid first: the row takes the new period at once; the later update with it changes nothing.
    const first = randomUUID();
    const a = newId();
    await apply(stripeSubscription(first, a, { status: 'past_due', periodEnd: next }), 100, true);
    await renew(a, next, after, 200);
    expect(await periodEnd(a)).toMatchObject({ end: new Date(after * 1000), status: 'active', version: 2 });
    await apply(stripeSubscription(first, a, { status: 'active', periodEnd: after }), 200);
    // A state older than the renewal cannot take the period back.
    await apply(stripeSubscription(first, a, { status: 'past_due', periodEnd: next }), 150);
    expect(await periodEnd(a)).toMatchObject({ end: new Date(after * 1000), status: 'active', version: 2 });
    expect(await eventsOf(first)).toEqual([
      ['subscription.created', 'past_due', 1],
      ['subscription.renewed', 'active', 2],
    ]);
    // The update first: the renewal keeps the period held and is still announced once.
    const second = randomUUID();
    const b = newId();
    await apply(stripeSubscription(second, b, { periodEnd: next }), 100, true);
    await apply(stripeSubscription(second, b, { periodEnd: after }), 200);
    await renew(b, next, after, 200);
    expect(await periodEnd(b)).toMatchObject({ end: new Date(after * 1000), version: 3 });
    const events = (await db.outbox()).filter((e) => e.subject === second);
    expect(events.map((e) => e.type)).toEqual(['subscription.created', 'subscription.updated', 'subscription.renewed']);
    expect(events[2].data).toMatchObject({ amount_krw: 9900, current_period_end: new Date(after * 1000).toISOString() });
    // A renewal of a subscription that is not held (or has ended) announces nothing.
    await renew(newId(), next, after, 300);
    await apply(stripeSubscription(second, b, { status: 'canceled' }), 300);
    await renew(b, after, after + 30 * DAY, 400);
    expect((await db.outbox()).filter((e) => e.subject === second).map((e) => e.type)).toEqual([
      'subscription.created',
      'subscription.updated',
      'subscription.renewed',
      'subscription.cancelled',
    ]);
  });
});
