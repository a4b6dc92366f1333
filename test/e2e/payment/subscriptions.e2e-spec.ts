import { ApiClient, eventually, registerUser, RegisteredUser } from '@sf/testing';
import { PaymentFleet, payCheckout, startPaymentFleet } from '../payment-fleet';

describe('subscriptions: subscribe, change plan, cancel at period end, privacy', () => {
  let env: PaymentFleet;
  let api: ApiClient;

  beforeAll(async () => {
    env = await startPaymentFleet();
    api = env.api;
  });
  afterAll(() => env?.close());

  async function subscribed(user: RegisteredUser, productId: number): Promise<any> {
    const checkout = await api.post('/api/payment/checkout', { product_id: productId }, { token: user.accessToken });
    expect(checkout.status).toBe(201);
    await payCheckout(checkout.body.checkout_url);
    return eventually(async () => {
      const list = await api.get('/api/payment/subscriptions', { token: user.accessToken, query: { status: 'active' } });
      const found = list.body.subscriptions.find((s: any) => s.product_id === productId);
      expect(found).toBeDefined();
      return found;
    }, 10_000);
  }

  it('subscribes with a payment method at once, and answers 422 to a declined card', async () => {
    const user = await registerUser(api);
    const response = await api.post(
      '/api/payment/subscribe',
      { plan_slug: 'pro', product_id: 2, billing_period: 'annual', stripe_token: 'pm_card_visa' },
      { token: user.accessToken },
    );
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({
      status: 'active',
      amount_krw: 199000,
      product_id: 2,
      plan_slug: 'pro',
      plan_type: 'annual',
      checkout_url: null,
    });
    expect(Date.parse(response.body.next_billing_date)).toBeGreaterThan(Date.now() + 360 * 86_400_000);
    const one = await api.get(`/api/payment/subscriptions/${response.body.subscription_id}`, { token: user.accessToken });
    expect(one.body).toMatchObject({ id: response.body.subscription_id, status: 'active', product_name: 'SNS Auto' });
    expect((await api.get('/api/payment/subscription', { token: user.accessToken })).body.tier).toBe('premium');

    const declined = await api.post(
      '/api/payment/subscription',
      { product_id: 3, stripe_token: 'pm_card_chargeDeclined' },
      { token: user.accessToken },
    );
    expect(declined.status).toBe(422);
    expect(declined.body.error.details).toHaveProperty('stripe_token');
    // A token Stripe does not know is the client's mistake too, not a 500.
    const unknown = await api.post(
      '/api/payment/subscription',
      { product_id: 3, stripe_token: 'tok_nobody_made' },
      { token: user.accessToken },
    );
    expect(unknown.status).toBe(422);
    expect(unknown.body.error.details).toEqual({ stripe_token: ['names no payment method'] });
    expect((await api.get('/api/payment/subscriptions', { token: user.accessToken })).body.total).toBe(1);
  });

  it('answers a checkout URL when subscribing without a payment method', async () => {
    const user = await registerUser(api);
    const response = await api.post('/api/payment/subscribe', { plan_id: 3, product_id: 5 }, { token: user.accessToken });
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({ subscription_id: null, status: 'incomplete', amount_krw: 119000, plan_slug: 'enterprise' });
    await payCheckout(response.body.checkout_url);
    await eventually(async () => {
      const list = await api.get('/api/payment/subscriptions', { token: user.accessToken });
      expect(list.body.subscriptions[0]?.status).toBe('active');
      expect(list.body.tier).toBe('enterprise');
    }, 10_000);
  });

  it('changes the plan and the billing period through Stripe', async () => {
    const user = await registerUser(api);
    const sub = await subscribed(user, 1);
    const changed = await api.put(
      `/api/payment/subscriptions/${sub.id}`,
      { plan_slug: 'enterprise', plan_type: 'annual' },
      { token: user.accessToken },
    );
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ id: sub.id, plan_slug: 'enterprise', plan_type: 'annual', amount_krw: 299000, status: 'active' });
    const listed = await api.get('/api/payment/subscriptions', { token: user.accessToken });
    expect(listed.body.tier).toBe('enterprise');
    const noop = await api.put(`/api/payment/subscriptions/${sub.id}`, {}, { token: user.accessToken });
    expect(noop.status).toBe(422);
    const free = await api.put(`/api/payment/subscriptions/${sub.id}`, { plan_slug: 'free' }, { token: user.accessToken });
    expect(free.status).toBe(422);
  });

  it('cancels at the end of the period: active until then, canceled after', async () => {
    const user = await registerUser(api);
    const sub = await subscribed(user, 4);
    const cancel = await api.delete(`/api/payment/subscriptions/${sub.id}`, { token: user.accessToken });
    expect(cancel.status).toBe(204);
    const pending = await api.get(`/api/payment/subscriptions/${sub.id}`, { token: user.accessToken });
    expect(pending.body).toMatchObject({ status: 'active', cancel_at_period_end: true, next_billing_date: null });
    // Cancelling again changes nothing; keeping it undoes the cancellation.
    expect((await api.delete(`/api/payment/subscription/${sub.id}`, { token: user.accessToken })).status).toBe(204);
    const kept = await api.put(`/api/payment/subscriptions/${sub.id}`, { cancel_at_period_end: false }, { token: user.accessToken });
    expect(kept.body.cancel_at_period_end).toBe(false);
    expect((await api.delete(`/api/payment/subscriptions/${sub.id}`, { token: user.accessToken })).status).toBe(204);

    // The period ends in Stripe: the deletion arrives by webhook.
    const stripeId = env.stripe.events('customer.subscription.created').find((e) => e.data.object.metadata.user_id === user.id)?.data
      .object.id;
    env.stripe.endSubscriptionPeriod(stripeId);
    await eventually(async () => {
      const after = await api.get(`/api/payment/subscriptions/${sub.id}`, { token: user.accessToken });
      expect(after.body.status).toBe('canceled');
    }, 10_000);
    expect((await api.delete(`/api/payment/subscriptions/${sub.id}`, { token: user.accessToken })).status).toBe(409);
    expect((await api.put(`/api/payment/subscriptions/${sub.id}`, { plan_slug: 'enterprise' }, { token: user.accessToken })).status).toBe(
      409,
    );
    // Subscribing again is allowed now.
    expect((await api.post('/api/payment/checkout', { product_id: 4 }, { token: user.accessToken })).status).toBe(201);
  });

  it('follows renewals and failed renewals from Stripe', async () => {
    const user = await registerUser(api);
    const sub = await subscribed(user, 2);
    const stripeId = env.stripe.events('customer.subscription.created').find((e) => e.data.object.metadata.user_id === user.id)?.data
      .object.id;
    env.stripe.failSubscriptionRenewal(stripeId);
    await eventually(async () => {
      expect((await api.get(`/api/payment/subscriptions/${sub.id}`, { token: user.accessToken })).body.status).toBe('past_due');
    }, 10_000);
    const failed = await api.get('/api/payment/history', { token: user.accessToken, query: { status: 'failed' } });
    expect(failed.body.history).toHaveLength(1);
    env.stripe.renewSubscription(stripeId);
    await eventually(async () => {
      const renewed = await api.get(`/api/payment/subscriptions/${sub.id}`, { token: user.accessToken });
      expect(renewed.body.status).toBe('active');
      expect(Date.parse(renewed.body.current_period_end)).toBeGreaterThan(Date.parse(sub.current_period_end));
    }, 10_000);
    await eventually(async () => {
      expect((await api.get('/api/payment/invoices', { token: user.accessToken, query: { status: 'paid' } })).body.total).toBe(2);
    }, 10_000);
  });

  it("never shows or changes another user's subscription: 404", async () => {
    const owner = await registerUser(api);
    const other = await registerUser(api);
    const sub = await subscribed(owner, 3);
    expect((await api.get(`/api/payment/subscriptions/${sub.id}`, { token: other.accessToken })).status).toBe(404);
    expect((await api.put(`/api/payment/subscriptions/${sub.id}`, { plan_slug: 'enterprise' }, { token: other.accessToken })).status).toBe(
      404,
    );
    expect((await api.delete(`/api/payment/subscriptions/${sub.id}`, { token: other.accessToken })).status).toBe(404);
    expect((await api.get('/api/payment/subscriptions', { token: other.accessToken })).body.total).toBe(0);
    const still = await api.get(`/api/payment/subscriptions/${sub.id}`, { token: owner.accessToken });
    expect(still.body).toMatchObject({ status: 'active', plan_slug: 'pro', cancel_at_period_end: false });
    expect((await api.get('/api/payment/subscriptions/not-a-uuid', { token: owner.accessToken })).status).toBe(404);
  });

  it('keeps every amount an integer number of KRW', async () => {
    const user = await registerUser(api);
    await subscribed(user, 5);
    const bodies = [
      (await api.get('/api/payment/plans')).body,
      (await api.get('/api/payment/products')).body,
      (await api.get('/api/payment/subscriptions', { token: user.accessToken })).body,
      (await api.get('/api/payment/invoices', { token: user.accessToken })).body,
      (await api.get('/api/payment/history', { token: user.accessToken })).body,
      (await api.get('/api/payment/statements', { token: user.accessToken })).body,
    ];
    const amounts: unknown[] = [];
    const walk = (node: unknown): void => {
      if (Array.isArray(node)) return node.forEach(walk);
      if (!node || typeof node !== 'object') return;
      for (const [key, value] of Object.entries(node)) {
        if (key.endsWith('_krw')) amounts.push(value);
        else walk(value);
      }
    };
    bodies.forEach(walk);
    expect(amounts.length).toBeGreaterThan(20);
    expect(amounts.filter((a) => !Number.isInteger(a))).toEqual([]);
    // And Stripe was asked for whole won (KRW is zero-decimal): 39,000, not 3,900,000.
    const charged = env.stripe.events('invoice.paid').find((e) => e.data.object.parent.subscription_details.metadata.user_id === user.id);
    expect(charged?.data.object.amount_paid).toBe(39000);
    expect(charged?.data.object.currency).toBe('krw');
  });
});
