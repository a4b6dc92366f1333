import { randomUUID } from 'node:crypto';
import Stripe from 'stripe';
import { systemContext } from '@sf/contracts';
import { StripeCheckout } from '../checkout-sessions/stripe-checkout';
import { CustomersService } from '../customers/customers.service';
import { PaymentEventLog } from '../events/payment-event-log';
import { PaymentTestDatabase } from '../testing/payment-test-database';
import { Payment, Refund } from './payment.entity';
import { PaymentsService } from './payments.service';

interface RefundCall {
  amount: number | undefined;
  idempotencyKey: string | undefined;
  /** The refund rows another connection saw while Stripe was being called: only committed ones. */
  committedRows: { status: string; stripe_refund_id: string | null }[];
}

describe('PaymentsService refunds (real Postgres; Stripe stood in for)', () => {
  let db: PaymentTestDatabase;
  let payments: PaymentsService;
  let calls: RefundCall[];
  let answer: () => Promise<Partial<Stripe.Refund>>;

  beforeAll(async () => {
    db = await PaymentTestDatabase.create();
    const stripe = {
      refunds: {
        create: async (params: Stripe.RefundCreateParams, options?: Stripe.RequestOptions) => {
          calls.push({
            amount: params.amount,
            idempotencyKey: options?.idempotencyKey,
            committedRows: await db.dataSource.query(`SELECT status, stripe_refund_id FROM refunds WHERE payment_id = $1`, [
              (params.metadata as Record<string, string> | undefined)?.payment_id,
            ]),
          });
          return answer();
        },
      },
    } as unknown as Stripe;
    payments = new PaymentsService(
      db.dataSource,
      stripe,
      {} as StripeCheckout,
      {} as CustomersService,
      new PaymentEventLog(db.domainEvents()),
    );
  });
  afterAll(() => db?.close());
  beforeEach(() => {
    calls = [];
    answer = async () => ({ id: `re_${randomUUID().slice(0, 8)}`, status: 'succeeded' });
  });

  const ctx = systemContext('req_spec');
  async function completedCharge(amountKrw = 10_000): Promise<Payment> {
    return db.dataSource.getRepository(Payment).save({
      userId: randomUUID(),
      kind: 'charge',
      reference: `spec:${randomUUID()}`,
      description: 'A booking',
      amountKrw,
      status: 'completed',
      stripePaymentIntentId: `pi_${randomUUID().slice(0, 8)}`,
      paidAt: new Date(),
    });
  }

  it('commits the pending refund before calling Stripe, then records what Stripe answered', async () => {
    const payment = await completedCharge();
    const view = await payments.refund(ctx, { reference: payment.reference, amount_krw: 4_000, reason: 'Cancelled by the guest' });
    expect(calls).toEqual([
      { amount: 4_000, idempotencyKey: `refund:${payment.id}`, committedRows: [{ status: 'pending', stripe_refund_id: null }] },
    ]);
    expect(view).toMatchObject({ payment_id: payment.id, amount_krw: 4_000, status: 'succeeded' });
    expect(await db.dataSource.getRepository(Payment).findOneByOrFail({ id: payment.id })).toMatchObject({
      status: 'partially_refunded',
      refundedKrw: 4_000,
    });
    const events = (await db.outbox()).filter((e) => e.type === 'payment.refunded' && e.data.payment_id === payment.id);
    expect(events).toHaveLength(1);
    // A repeat answers the first refund without asking Stripe again.
    expect(await payments.refund(ctx, { reference: payment.reference, amount_krw: 4_000, reason: 'again' })).toEqual(view);
    expect(calls).toHaveLength(1);
  });

  it('leaves nothing behind when Stripe refuses, so the refund can be asked again', async () => {
    const payment = await completedCharge();
    answer = async () => {
      throw Object.assign(new Error('Stripe is down'), { type: 'StripeConnectionError', rawType: 'api_connection_error' });
    };
    await expect(payments.refund(ctx, { reference: payment.reference, amount_krw: 10_000, reason: 'x' })).rejects.toMatchObject({
      code: 'SERVICE_UNAVAILABLE',
    });
    expect(await db.dataSource.getRepository(Refund).countBy({ paymentId: payment.id })).toBe(0);
    answer = async () => ({ id: 're_after', status: 'succeeded' });
    expect(await payments.refund(ctx, { reference: payment.reference, amount_krw: 6_000, reason: 'x' })).toMatchObject({
      amount_krw: 6_000,
      status: 'succeeded',
    });
  });

  it('resumes a refund a crash left pending, with its own amount and the same Stripe key, once', async () => {
    const payment = await completedCharge();
    // What a crash after the intent committed leaves: a pending refund Stripe never answered, a while ago.
    const pending = await db.dataSource.getRepository(Refund).save({
      paymentId: payment.id,
      userId: payment.userId,
      reference: payment.reference,
      amountKrw: 3_000,
      reason: 'Cancelled by the guest',
      status: 'pending',
    });
    await db.dataSource.query(`UPDATE refunds SET created_at = now() - interval '2 minutes' WHERE id = $1`, [pending.id]);
    const view = await payments.refund(ctx, { reference: payment.reference, amount_krw: 9_000, reason: 'retry' });
    expect(view).toMatchObject({ refund_id: pending.id, amount_krw: 3_000, status: 'succeeded' });
    expect(calls.map((c) => [c.amount, c.idempotencyKey])).toEqual([[3_000, `refund:${payment.id}`]]);
    expect(await payments.refund(ctx, { reference: payment.reference, amount_krw: 9_000, reason: 'retry' })).toEqual(view);
    expect(calls).toHaveLength(1);
    expect((await db.dataSource.getRepository(Payment).findOneByOrFail({ id: payment.id })).refundedKrw).toBe(3_000);
  });
});
