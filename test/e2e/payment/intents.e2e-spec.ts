import { DeliverPolicy, jetstream } from '@nats-io/jetstream';
import { randomUUID } from 'node:crypto';
import { CallerContext, PaymentCreateIntent, PaymentRefund } from '@sf/contracts';
import { CloudEvent, eventsStreamName } from '@sf/events';
import { RpcClient } from '@sf/messaging';
import { eventually, registerUser, RegisteredUser } from '@sf/testing';
import { PaymentFleet, payCheckout, startPaymentFleet } from '../payment-fleet';

/** What another service (CooCook charging for a booking) sends, on behalf of the paying user. */
function userContext(user: RegisteredUser): CallerContext {
  return {
    request_id: `req_${randomUUID()}`,
    user_id: user.id,
    roles: ['user'],
    tier: 'free',
    scopes: null,
    session_id: null,
    api_key_id: null,
    ip: '127.0.0.1',
  };
}

describe('payments for other services: payment.intents.create / refund and their events', () => {
  let env: PaymentFleet;
  let rpc: RpcClient;
  let user: RegisteredUser;

  beforeAll(async () => {
    env = await startPaymentFleet();
    rpc = new RpcClient(env.fleet.nats, 5000, env.fleet.env.NATS_SUBJECT_PREFIX);
    user = await registerUser(env.api);
  });
  afterAll(() => env?.close());

  /** Payment events with this reference, as stored on the EVENTS stream. */
  async function eventsFor(reference: string): Promise<CloudEvent<any>[]> {
    const consumer = await jetstream(env.fleet.nats).consumers.get(eventsStreamName({ subjectPrefix: env.fleet.env.NATS_SUBJECT_PREFIX }), {
      filter_subjects: env.fleet.subject('events.payment.payment.>'),
      deliver_policy: DeliverPolicy.All,
    });
    const pending = (await consumer.info()).num_pending;
    const out: CloudEvent<any>[] = [];
    if (pending === 0) return out;
    for await (const msg of await consumer.fetch({ max_messages: pending, expires: 2000 })) {
      out.push(msg.json());
      if (out.length === pending) break;
    }
    return out.filter((e) => e.data.reference === reference);
  }

  const createIntent = (reference: string, amount = 150000, who = user) =>
    rpc.call(PaymentCreateIntent, {
      ctx: userContext(who),
      body: { reference, amount_krw: amount, description: 'Chef booking, 3 hours' },
    });

  it('opens a checkout for a reference, the same one when asked again, and announces payment.completed', async () => {
    const reference = `coocook.booking:${randomUUID()}`;
    const first = await createIntent(reference);
    expect(first).toMatchObject({ status: 'pending', amount_krw: 150000 });
    expect(first.session_id).toMatch(/^cs_test_/);
    const again = await createIntent(reference);
    expect(again).toEqual(first);

    await payCheckout(first.checkout_url);
    const completed = await eventually(async () => {
      const events = await eventsFor(reference);
      expect(events.map((e) => e.type)).toEqual(['payment.completed']);
      return events[0];
    }, 10_000);
    expect(completed).toMatchObject({
      source: 'softfactory/payment',
      subject: user.id,
      data: { payment_id: first.payment_id, user_id: user.id, reference, amount_krw: 150000, currency: 'KRW' },
    });
    expect((await createIntent(reference)).status).toBe('completed');
    const history = await env.api.get('/api/payment/history', { token: user.accessToken, query: { type: 'payment' } });
    expect(history.body.history.find((h: any) => h.reference === reference)).toMatchObject({ status: 'completed', amount_krw: 150000 });
  });

  it('announces payment.failed when the card is declined, and completes on a later success', async () => {
    const reference = `coocook.booking:${randomUUID()}`;
    const intent = await createIntent(reference, 80000);
    const declined = await payCheckout(intent.checkout_url, 'decline');
    expect(declined.status).toBe(402);
    await eventually(async () => {
      const events = await eventsFor(reference);
      expect(events.map((e) => [e.type, e.data.reason])).toEqual([['payment.failed', 'Your card was declined.']]);
    }, 10_000);
    await payCheckout(intent.checkout_url);
    await eventually(
      async () => expect((await eventsFor(reference)).map((e) => e.type)).toEqual(['payment.failed', 'payment.completed']),
      10_000,
    );
  });

  it('refunds at most what was paid, once per reference, and announces payment.refunded', async () => {
    const reference = `coocook.booking:${randomUUID()}`;
    const intent = await createIntent(reference, 120000);
    const ctx = userContext(user);
    await expect(rpc.call(PaymentRefund, { ctx, body: { reference, amount_krw: 1000, reason: 'early' } })).rejects.toMatchObject({
      code: 'CONFLICT',
    });
    await payCheckout(intent.checkout_url);
    await eventually(async () => expect((await eventsFor(reference)).map((e) => e.type)).toEqual(['payment.completed']), 10_000);

    await expect(rpc.call(PaymentRefund, { ctx, body: { reference, amount_krw: 120001, reason: 'too much' } })).rejects.toMatchObject({
      code: 'VALIDATION_ERROR',
    });
    const refund = await rpc.call(PaymentRefund, {
      ctx,
      body: { reference, amount_krw: 120000, reason: 'Chef declined' },
    });
    expect(refund).toMatchObject({ payment_id: intent.payment_id, amount_krw: 120000, status: 'succeeded' });
    const again = await rpc.call(PaymentRefund, {
      ctx,
      body: { reference, amount_krw: 120000, reason: 'Chef declined' },
    });
    expect(again).toEqual(refund);
    await eventually(async () => {
      const events = await eventsFor(reference);
      expect(events.map((e) => e.type)).toEqual(['payment.completed', 'payment.refunded']);
      expect(events[1].data).toEqual({
        payment_id: intent.payment_id,
        refund_id: refund.refund_id,
        user_id: user.id,
        reference,
        amount_krw: 120000,
      });
    }, 10_000);
    // Stripe's charge.refunded webhook for the same refund adds nothing.
    await eventually(
      async () => expect(env.stripe.deliveries.some((d) => d.type === 'charge.refunded' && d.status === 200)).toBe(true),
      10_000,
    );
    expect((await eventsFor(reference)).map((e) => e.type)).toEqual(['payment.completed', 'payment.refunded']);
  });

  it('refuses bad requests with the contract errors', async () => {
    const reference = `coocook.booking:${randomUUID()}`;
    await expect(createIntent(reference, 10.5)).rejects.toMatchObject({ code: 'VALIDATION_ERROR' });
    await expect(createIntent(reference, 0)).rejects.toMatchObject({ code: 'VALIDATION_ERROR' });
    await expect(
      rpc.call(PaymentCreateIntent, { ctx: userContext(user), body: { reference: '', amount_krw: 1, description: 'x' } }),
    ).rejects.toMatchObject({
      code: 'VALIDATION_ERROR',
    });
    await createIntent(reference, 5000);
    await expect(createIntent(reference, 6000)).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(createIntent(reference, 5000, await registerUser(env.api))).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(
      rpc.call(PaymentRefund, { ctx: userContext(user), body: { reference: 'nothing:here', amount_krw: 1, reason: 'x' } }),
    ).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });
});
