import { randomBytes } from 'node:crypto';
import { ApiClient, eventually, registerUser, RegisteredUser } from '@sf/testing';
import { PaymentFleet, payCheckout, startPaymentFleet } from '../payment-fleet';

const id = (prefix: string) => `${prefix}_${randomBytes(12).toString('hex')}`;
const seconds = () => Math.floor(Date.now() / 1000);

/** A Stripe event as Stripe sends it. */
function stripeEvent(type: string, object: Record<string, unknown>, created = seconds()) {
  return {
    id: id('evt'),
    object: 'event',
    api_version: '2026-10-28.endive',
    created,
    type,
    data: { object },
    livemode: false,
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
  };
}

/** A subscription to `productId` at pro monthly, ours by its metadata. */
function subscriptionObject(user: RegisteredUser, subscriptionId: string, status: string, productId = 2) {
  const start = seconds();
  return {
    id: subscriptionId,
    object: 'subscription',
    created: start,
    customer: id('cus'),
    status,
    cancel_at_period_end: false,
    canceled_at: status === 'canceled' ? start : null,
    metadata: { user_id: user.id, product_id: String(productId), plan_slug: 'pro', plan_type: 'monthly', kind: 'subscription' },
    items: {
      object: 'list',
      data: [
        {
          id: id('si'),
          object: 'subscription_item',
          quantity: 1,
          current_period_start: start,
          current_period_end: start + 30 * 86_400,
          price: {
            id: id('price'),
            object: 'price',
            currency: 'krw',
            unit_amount: 19900,
            recurring: { interval: 'month', interval_count: 1 },
          },
        },
      ],
    },
  };
}

describe('Stripe webhooks through the gateway', () => {
  let env: PaymentFleet;
  let api: ApiClient;

  beforeAll(async () => {
    env = await startPaymentFleet();
    api = env.api;
  });
  afterAll(() => env?.close());

  /** POSTs an event to the gateway's webhook, signed with the webhook secret unless told otherwise. */
  function deliver(event: unknown, signature?: string | null, raw?: string) {
    const payload = raw ?? JSON.stringify(event);
    const headers: Record<string, string> = { 'Content-Type': 'application/json' };
    const sig = signature === undefined ? env.stripe.sign(payload) : signature;
    if (sig !== null) headers['Stripe-Signature'] = sig;
    return api.request('POST', '/api/payment/webhook', { raw: payload, headers });
  }

  describe('signature', () => {
    it('accepts a correctly signed event with 200, unauthenticated and not rate limited', async () => {
      const response = await deliver(stripeEvent('customer.created', { id: id('cus'), object: 'customer' }));
      expect(response.status).toBe(200);
      expect(response.body).toEqual({ received: true });
      expect(response.headers.get('x-ratelimit-limit')).toBeNull();
    });

    it('answers 400 BAD_REQUEST to a missing signature', async () => {
      const response = await deliver(stripeEvent('customer.created', { id: id('cus') }), null);
      expect(response.status).toBe(400);
      expect(response.body.error.code).toBe('BAD_REQUEST');
    });

    it('answers 400 to a signature made with another secret, to a tampered body and to a stale timestamp', async () => {
      const event = stripeEvent('customer.created', { id: id('cus') });
      const payload = JSON.stringify(event);
      const forged = `t=${seconds()},v1=${randomBytes(32).toString('hex')}`;
      expect((await deliver(event, forged)).status).toBe(400);
      expect((await deliver(event, env.stripe.sign(payload), payload.replace('customer.created', 'customer.deleted'))).status).toBe(400);
      expect((await deliver(event, env.stripe.sign(payload, seconds() - 3600))).status).toBe(400);
      expect((await deliver(event, 'garbage')).status).toBe(400);
    });

    it('keeps the body byte for byte whatever its content type, and refuses an oversized one with 413', async () => {
      const payload = `{ "id": "${id('evt')}", "object": "event", "type": "customer.created", "created": ${seconds()},\n  "data": { "object": { "id": "cus_x" } } }`;
      const asText = await api.request('POST', '/api/payment/webhook', {
        raw: payload,
        headers: { 'Content-Type': 'text/plain', 'Stripe-Signature': env.stripe.sign(payload) },
      });
      expect(asText.status).toBe(200);
      const huge = 'x'.repeat(600 * 1024);
      const tooLarge = await api.request('POST', '/api/payment/webhook', {
        raw: huge,
        headers: { 'Content-Type': 'application/json', 'Stripe-Signature': env.stripe.sign(huge) },
      });
      expect(tooLarge.status).toBe(413);
    });
  });

  describe('once per event', () => {
    it('applies the same valid event delivered five times once', async () => {
      const user = await registerUser(api);
      const subscriptionId = id('sub');
      const invoicePaid = stripeEvent('invoice.paid', {
        id: id('in'),
        object: 'invoice',
        customer: id('cus'),
        status: 'paid',
        amount_paid: 19900,
        amount_due: 19900,
        currency: 'krw',
        hosted_invoice_url: null,
        status_transitions: { paid_at: seconds() },
        lines: { object: 'list', data: [{ description: '1 × SNS Auto Pro', amount: 19900, quantity: 1 }] },
        parent: { type: 'subscription_details', subscription_details: { subscription: subscriptionId, metadata: { user_id: user.id } } },
      });
      const responses = await Promise.all(Array.from({ length: 5 }, () => deliver(invoicePaid)));
      expect(responses.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);

      const invoices = await api.get('/api/payment/invoices', { token: user.accessToken });
      expect(invoices.body.total).toBe(1);
      expect(invoices.body.invoices[0]).toMatchObject({ status: 'paid', total_krw: 19900, subtotal_krw: 18091, tax_krw: 1809 });
      const history = await api.get('/api/payment/history', { token: user.accessToken, query: { type: 'payment' } });
      expect(history.body.total).toBe(1);
      expect(history.body.history[0]).toMatchObject({ type: 'payment', amount_krw: 19900, status: 'completed' });
    });

    it('lets a resent event of a real checkout change nothing', async () => {
      const user = await registerUser(api);
      const checkout = await api.post('/api/payment/checkout', { product_id: 1 }, { token: user.accessToken });
      await payCheckout(checkout.body.checkout_url);
      const active = await eventually(async () => {
        const list = await api.get('/api/payment/subscriptions', { token: user.accessToken });
        expect(list.body.subscriptions[0]?.status).toBe('active');
        return list.body.subscriptions[0];
      }, 10_000);
      const sent = env.stripe.events().filter((e) => JSON.stringify(e.data.object).includes(user.id));
      expect(sent.length).toBeGreaterThan(0);
      const deliveredBefore = env.stripe.deliveries.length;
      for (let i = 0; i < 5; i++) for (const event of sent) env.stripe.resend(event.id);
      await eventually(async () => expect(env.stripe.deliveries.length).toBeGreaterThanOrEqual(deliveredBefore + 5 * sent.length), 10_000);
      const after = await api.get('/api/payment/subscriptions', { token: user.accessToken });
      expect(after.body.subscriptions).toEqual([active]);
      expect((await api.get('/api/payment/invoices', { token: user.accessToken })).body.total).toBe(1);
    });
  });

  describe('out of order', () => {
    let user: RegisteredUser;
    beforeAll(async () => {
      user = await registerUser(api);
    });

    it('ends canceled when customer.subscription.deleted arrives before created', async () => {
      const subscriptionId = id('sub');
      const t = seconds();
      const created = stripeEvent('customer.subscription.created', subscriptionObject(user, subscriptionId, 'active'), t);
      const deleted = stripeEvent('customer.subscription.deleted', subscriptionObject(user, subscriptionId, 'canceled'), t + 5);
      expect((await deliver(deleted)).status).toBe(200);
      expect((await deliver(created)).status).toBe(200);
      const list = await api.get('/api/payment/subscriptions', { token: user.accessToken, query: { status: 'canceled' } });
      expect(list.body.subscriptions.map((s: any) => s.status)).toEqual(['canceled']);
      expect((await api.get('/api/payment/subscriptions', { token: user.accessToken, query: { status: 'active' } })).body.total).toBe(0);
      expect(list.body.tier).toBe('free');
    });

    it('stays canceled even when the late created event carries a later timestamp', async () => {
      const subscriptionId = id('sub');
      const t = seconds();
      await deliver(stripeEvent('customer.subscription.deleted', subscriptionObject(user, subscriptionId, 'canceled', 3), t));
      await deliver(stripeEvent('customer.subscription.created', subscriptionObject(user, subscriptionId, 'active', 3), t + 10));
      await deliver(stripeEvent('customer.subscription.updated', subscriptionObject(user, subscriptionId, 'past_due', 3), t + 20));
      const list = await api.get('/api/payment/subscriptions', { token: user.accessToken });
      expect(list.body.subscriptions.find((s: any) => s.product_id === 3).status).toBe('canceled');
    });

    it('ignores an update older than the state it holds', async () => {
      const subscriptionId = id('sub');
      const t = seconds();
      await deliver(stripeEvent('customer.subscription.created', subscriptionObject(user, subscriptionId, 'active', 5), t));
      await deliver(stripeEvent('customer.subscription.updated', subscriptionObject(user, subscriptionId, 'active', 5), t + 30));
      await deliver(stripeEvent('customer.subscription.updated', subscriptionObject(user, subscriptionId, 'past_due', 5), t + 10));
      const list = await api.get('/api/payment/subscriptions', { token: user.accessToken });
      expect(list.body.subscriptions.find((s: any) => s.product_id === 5).status).toBe('active');
      expect(list.body.tier).toBe('premium');
    });

    it('records a subscription charge that arrives before its subscription', async () => {
      const buyer = await registerUser(api);
      const subscriptionId = id('sub');
      await deliver(
        stripeEvent('invoice.paid', {
          id: id('in'),
          object: 'invoice',
          customer: id('cus'),
          status: 'paid',
          amount_paid: 9900,
          currency: 'krw',
          status_transitions: { paid_at: seconds() },
          lines: { object: 'list', data: [{ description: '1 × CooCook Pro', amount: 9900, quantity: 1 }] },
          parent: { type: 'subscription_details', subscription_details: { subscription: subscriptionId, metadata: { user_id: buyer.id } } },
        }),
      );
      await deliver(stripeEvent('customer.subscription.created', subscriptionObject(buyer, subscriptionId, 'active', 1)));
      const subs = await api.get('/api/payment/subscriptions', { token: buyer.accessToken });
      expect(subs.body.subscriptions).toHaveLength(1);
      const invoices = await api.get('/api/payment/invoices', { token: buyer.accessToken });
      expect(invoices.body.invoices[0].subscription_id).toBe(subs.body.subscriptions[0].id);
    });
  });
});
