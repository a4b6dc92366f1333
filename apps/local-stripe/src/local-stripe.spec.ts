import Stripe from 'stripe';
import { eventually } from '@sf/testing';
import { LocalStripe, startLocalStripe } from './local-stripe';
import { webhookReceiver } from './testing/webhook-receiver';

const SECRET_KEY = 'sk_test_local_spec';
const WEBHOOK_SECRET = 'whsec_local_spec';

const receiver = (answer?: () => number) => webhookReceiver({ secretKey: SECRET_KEY, webhookSecret: WEBHOOK_SECRET }, answer);

describe('local Stripe', () => {
  let local: LocalStripe;
  let stripe: Stripe;
  let hook: Awaited<ReturnType<typeof receiver>>;

  beforeAll(async () => {
    hook = await receiver();
    local = await startLocalStripe({
      secretKey: SECRET_KEY,
      webhookSecret: WEBHOOK_SECRET,
      webhookUrl: hook.url,
      webhookRetryDelaysMs: [50, 50],
    });
    const url = new URL(local.url);
    stripe = new Stripe(SECRET_KEY, { host: url.hostname, port: url.port, protocol: 'http', maxNetworkRetries: 0 });
  });
  afterAll(async () => {
    await local.close();
    hook.server.close();
  });

  it('answers its health check without a key, for container probes', async () => {
    const response = await fetch(`${local.url}/health`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
  });

  it('refuses a wrong secret key as Stripe does', async () => {
    const url = new URL(local.url);
    const wrong = new Stripe('sk_test_wrong', { host: url.hostname, port: url.port, protocol: 'http', maxNetworkRetries: 0 });
    await expect(wrong.customers.create({})).rejects.toMatchObject({ type: 'StripeAuthenticationError' });
  });

  it('completes a subscription checkout when its page is opened, then sends signed events', async () => {
    const customer = await stripe.customers.create({ metadata: { user_id: 'u1' } });
    const price = await stripe.prices.create({
      currency: 'krw',
      unit_amount: 9900,
      recurring: { interval: 'month' },
      lookup_key: 'spec_coocook_pro_monthly',
      product_data: { name: 'CooCook Pro' },
    });
    const found = await stripe.prices.list({ lookup_keys: ['spec_coocook_pro_monthly'], active: true });
    expect(found.data.map((p) => p.id)).toEqual([price.id]);

    const session = await stripe.checkout.sessions.create({
      mode: 'subscription',
      customer: customer.id,
      line_items: [{ price: price.id, quantity: 1 }],
      success_url: 'http://app.test/success?session_id={CHECKOUT_SESSION_ID}',
      subscription_data: { metadata: { user_id: 'u1' } },
    });
    expect(session.id).toMatch(/^cs_test_/);
    expect(session.amount_total).toBe(9900);
    expect(session.status).toBe('open');

    const page = await fetch(session.url as string, { redirect: 'manual' });
    expect(page.status).toBe(303);
    expect(page.headers.get('location')).toBe(`http://app.test/success?session_id=${session.id}`);

    const done = await stripe.checkout.sessions.retrieve(session.id, { expand: ['subscription'] });
    expect(done.status).toBe('complete');
    const sub = done.subscription as Stripe.Subscription;
    expect(sub.status).toBe('active');
    expect(sub.metadata).toEqual({ user_id: 'u1' });
    expect(sub.items.data[0].price.unit_amount).toBe(9900);
    expect(sub.items.data[0].current_period_end).toBeGreaterThan(sub.items.data[0].current_period_start);

    await eventually(async () => {
      const types = hook.events.filter((e) => JSON.stringify(e.data.object).includes(sub.id)).map((e) => e.type);
      expect(types).toEqual(expect.arrayContaining(['customer.subscription.created', 'invoice.paid', 'checkout.session.completed']));
    });

    // Opening the page again changes nothing.
    await fetch(session.url as string, { redirect: 'manual' });
    expect(local.events('customer.subscription.created').filter((e) => e.data.object.id === sub.id)).toHaveLength(1);
  });

  it('cancels at period end, then deletes the subscription when the period ends', async () => {
    const customer = await stripe.customers.create({});
    await stripe.paymentMethods.attach('pm_card_visa', { customer: customer.id });
    const sub = await stripe.subscriptions.create({
      customer: customer.id,
      default_payment_method: 'pm_card_visa',
      items: [
        {
          price_data: {
            currency: 'krw',
            unit_amount: 19900,
            recurring: { interval: 'month' },
            product: (await stripe.products.create({ name: 'SNS Auto' })).id,
          },
        },
      ],
    });
    expect(sub.status).toBe('active');
    const updated = await stripe.subscriptions.update(sub.id, { cancel_at_period_end: true });
    expect(updated.cancel_at_period_end).toBe(true);
    local.endSubscriptionPeriod(sub.id);
    expect((await stripe.subscriptions.retrieve(sub.id)).status).toBe('canceled');
    await expect(stripe.subscriptions.update(sub.id, { cancel_at_period_end: false })).rejects.toMatchObject({
      type: 'StripeInvalidRequestError',
    });
  });

  it('declines a card that Stripe declines', async () => {
    const customer = await stripe.customers.create({});
    const product = await stripe.products.create({ name: 'Review Campaign' });
    await expect(
      stripe.subscriptions.create({
        customer: customer.id,
        default_payment_method: 'pm_card_chargeDeclined',
        payment_behavior: 'error_if_incomplete',
        items: [{ price_data: { currency: 'krw', unit_amount: 29900, recurring: { interval: 'month' }, product: product.id } }],
      }),
    ).rejects.toMatchObject({ type: 'StripeCardError', code: 'card_declined' });
  });

  it('charges a one-time payment and refunds at most what was paid', async () => {
    const session = await stripe.checkout.sessions.create({
      mode: 'payment',
      line_items: [{ price_data: { currency: 'krw', unit_amount: 150000, product_data: { name: 'Chef booking' } }, quantity: 1 }],
      payment_intent_data: { metadata: { reference: 'coocook.booking:1' } },
      success_url: 'http://app.test/ok',
    });
    await fetch(session.url as string, { redirect: 'manual' });
    const paid = await stripe.checkout.sessions.retrieve(session.id, { expand: ['payment_intent'] });
    const intent = paid.payment_intent as Stripe.PaymentIntent;
    expect(intent.status).toBe('succeeded');
    expect(intent.metadata).toEqual({ reference: 'coocook.booking:1' });
    await expect(stripe.refunds.create({ payment_intent: intent.id, amount: 150001 })).rejects.toMatchObject({ code: 'amount_too_large' });
    const refund = await stripe.refunds.create({ payment_intent: intent.id, amount: 50000 }, { idempotencyKey: 'refund-once' });
    const again = await stripe.refunds.create({ payment_intent: intent.id, amount: 50000 }, { idempotencyKey: 'refund-once' });
    expect(again.id).toBe(refund.id);
    expect((await stripe.charges.retrieve(intent.latest_charge as string)).amount_refunded).toBe(50000);
  });

  it('retries a webhook the receiver did not accept', async () => {
    let failures = 1;
    const flaky = await receiver(() => (failures-- > 0 ? 500 : 200));
    local.setWebhookUrl(flaky.url);
    try {
      const customer = await stripe.customers.create({});
      const product = await stripe.products.create({ name: 'AI Automation' });
      const sub = await stripe.subscriptions.create({
        customer: customer.id,
        default_payment_method: 'pm_card_visa',
        items: [{ price_data: { currency: 'krw', unit_amount: 49900, recurring: { interval: 'year' }, product: product.id } }],
      });
      await eventually(async () => {
        expect(
          flaky.events.some((e) => e.type === 'customer.subscription.created' && (e.data.object as Stripe.Subscription).id === sub.id),
        ).toBe(true);
      });
      expect(flaky.rejected).toBe(1);
    } finally {
      local.setWebhookUrl(hook.url);
      flaky.server.close();
    }
  });
});
