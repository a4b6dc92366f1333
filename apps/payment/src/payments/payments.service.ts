import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import Stripe from 'stripe';
import { DataSource, EntityManager, IsNull } from 'typeorm';
import {
  CallerContext,
  CreatePaymentIntentBody,
  PaymentIntentStatus,
  PaymentIntentView,
  RefundPaymentBody,
  RefundStatus,
  RefundView,
  UserContext,
} from '@sf/contracts';
import { Conflict, NotFound, ValidationFailed } from '@sf/errors';
import { CheckoutSession } from '../checkout-sessions/checkout-session.entity';
import { StripeCheckout } from '../checkout-sessions/stripe-checkout';
import { CustomersService } from '../customers/customers.service';
import { PaymentEventLog } from '../events/payment-event-log';
import { callStripe, STRIPE } from '../stripe/stripe.client';
import { Payment, Refund } from './payment.entity';
import { inTransaction } from '@sf/idempotency';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** A session about to expire is not handed out again. */
const SESSION_REUSE_MARGIN_MS = 10 * 60 * 1000;
/** A refund recorded but not yet answered by Stripe for this long is taken as abandoned (a crash) and resumed. */
const REFUND_IN_FLIGHT_MS = 60 * 1000;
const REFUND_POLL_MS = 200;

/** Who a subscription's Stripe invoice is for. */
export interface SubscriptionInvoiceOwner {
  userId: string;
  stripeSubscriptionId: string;
}

/** A subscription invoice's owner, and the payment it completed now (null when it was completed before). */
export interface SubscriptionInvoicePaid extends SubscriptionInvoiceOwner {
  completed: { paymentId: string; amountKrw: number } | null;
}

function refundView(refund: Refund): RefundView {
  return { refund_id: refund.id, payment_id: refund.paymentId, amount_krw: refund.amountKrw, status: refund.status as RefundStatus };
}

/**
 * Money: one-time charges other services ask for (`payment.intents.*`), their outcomes as
 * events, refunds, and the periodic charges of subscriptions as Stripe reports them.
 */
@Injectable()
export class PaymentsService {
  private readonly logger = new Logger(PaymentsService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(STRIPE) private readonly stripe: Stripe,
    private readonly checkout: StripeCheckout,
    private readonly customers: CustomersService,
    private readonly events: PaymentEventLog,
  ) {}

  /**
   * Opens (or finds again) the checkout of a charge; the payer is `ctx.user_id`. The payment row is
   * the intent, committed before Stripe is called; the session's Stripe idempotency key comes from
   * the payment and its attempt number, so a retry after a crash gets the same session back.
   */
  async createIntent(ctx: UserContext, body: CreatePaymentIntentBody): Promise<PaymentIntentView> {
    const userId = ctx.user_id;
    const { reference, amount_krw: amountKrw, description } = body;
    const planned = await inTransaction(this.dataSource, async (manager) => {
      const repo = manager.getRepository(Payment);
      const inserted = await repo
        .createQueryBuilder()
        .insert()
        .values({ userId, kind: 'charge', reference, description, amountKrw, status: 'pending' })
        .orIgnore()
        .returning(['id'])
        .execute();
      const payment = await repo.findOneOrFail({ where: { kind: 'charge', reference }, lock: { mode: 'pessimistic_write' } });
      if (payment.userId !== userId) throw new Conflict('This reference already names a payment by someone else');
      if (payment.amountKrw !== amountKrw) throw new Conflict(`This reference already names a payment of ${payment.amountKrw} KRW`);
      const sessions = manager.getRepository(CheckoutSession);
      const latest = await sessions.findOne({ where: { paymentId: payment.id }, order: { createdAt: 'DESC' } });
      const settled = ['completed', 'refunded', 'partially_refunded'].includes(payment.status);
      const usable =
        latest && latest.status === 'open' && (!latest.expiresAt || latest.expiresAt.getTime() > Date.now() + SESSION_REUSE_MARGIN_MS);
      if (latest && (settled || usable)) return { step: 'answered' as const, answer: this.intentView(payment, latest) };
      const attempt = (await sessions.countBy({ paymentId: payment.id })) + 1;
      return { step: 'open' as const, payment, attempt, fresh: inserted.raw.length > 0 };
    });
    if (planned.step === 'answered') return planned.answer;
    let session: CheckoutSession;
    try {
      session = await this.checkout.openPayment(planned.payment, planned.attempt);
    } catch (error) {
      // Stripe refused or was unreachable: a payment first asked for now leaves nothing behind.
      if (planned.fresh) await this.forgetUnopened(planned.payment.id);
      throw error;
    }
    return inTransaction(this.dataSource, async (manager) => {
      const repo = manager.getRepository(Payment);
      const payment = await repo.findOneOrFail({ where: { id: planned.payment.id }, lock: { mode: 'pessimistic_write' } });
      if (payment.status === 'failed' || payment.status === 'expired') {
        await repo.update({ id: payment.id }, { status: 'pending', failureReason: null });
        payment.status = 'pending';
      }
      return this.intentView(payment, session);
    });
  }

  /** Deletes a payment that never got a checkout session. */
  private async forgetUnopened(paymentId: string): Promise<void> {
    await this.dataSource.query(
      `DELETE FROM payments p WHERE p.id = $1 AND p.status = 'pending'
          AND NOT EXISTS (SELECT 1 FROM checkout_sessions s WHERE s.payment_id = p.id)`,
      [paymentId],
    );
  }

  private intentView(payment: Pick<Payment, 'id' | 'status' | 'amountKrw'>, session: CheckoutSession): PaymentIntentView {
    return {
      payment_id: payment.id,
      session_id: session.stripeSessionId,
      checkout_url: session.url,
      status: payment.status as PaymentIntentStatus,
      amount_krw: payment.amountKrw,
    };
  }

  /**
   * Refunds the completed charge of `reference`, once: a repeat answers the first refund. The
   * pending refund row is the intent, committed before Stripe is called with a key per payment
   * (`refund:<payment id>`); Stripe's answer is recorded after. A pending row left by a crash is
   * resumed by the next request with the same key, so the money goes back once.
   */
  async refund(_ctx: CallerContext, body: RefundPaymentBody): Promise<RefundView> {
    return this.refundPayment({ kind: 'charge', reference: body.reference }, body.amount_krw, body.reason);
  }

  /**
   * Refunds the latest completed charge of a subscription (an administrator's command): in full
   * when `amountKrw` is absent. The charge's PaymentIntent is looked up on its Stripe invoice
   * first, as invoice events do not carry it.
   */
  async refundSubscription(
    subscriptionId: string,
    stripeSubscriptionId: string,
    amountKrw: number | undefined,
    reason: string,
  ): Promise<RefundView> {
    const payment = await this.dataSource.getRepository(Payment).findOne({
      where: [
        { kind: 'subscription', stripeSubscriptionId, status: 'completed' },
        { kind: 'subscription', stripeSubscriptionId, status: 'refunded' },
        { kind: 'subscription', stripeSubscriptionId, status: 'partially_refunded' },
      ],
      order: { paidAt: { direction: 'DESC', nulls: 'LAST' }, createdAt: 'DESC' },
    });
    if (!payment) throw new Conflict(`Subscription ${subscriptionId} has no completed charge to refund`);
    if (!payment.stripePaymentIntentId && payment.stripeInvoiceId) {
      const invoiceId = payment.stripeInvoiceId;
      const invoice = await callStripe(() => this.stripe.invoices.retrieve(invoiceId, { expand: ['payments'] }));
      const paid = invoice.payments?.data?.find((p) => p.payment?.type === 'payment_intent')?.payment?.payment_intent;
      const intentId = typeof paid === 'string' ? paid : paid?.id;
      if (!intentId) throw new Conflict('The charge has no Stripe payment to refund');
      await this.dataSource
        .getRepository(Payment)
        .update({ id: payment.id, stripePaymentIntentId: IsNull() }, { stripePaymentIntentId: intentId });
    }
    return this.refundPayment({ id: payment.id }, amountKrw, reason);
  }

  private async refundPayment(
    where: { kind: 'charge'; reference: string } | { id: string },
    requestedKrw: number | undefined,
    reason: string,
  ): Promise<RefundView> {
    const deadline = Date.now() + REFUND_IN_FLIGHT_MS;
    for (;;) {
      const planned = await inTransaction(this.dataSource, async (manager) => {
        const payment = await manager.getRepository(Payment).findOne({ where, lock: { mode: 'pessimistic_write' } });
        if (!payment) throw new NotFound('Payment');
        const reference = payment.reference;
        const amountKrw = requestedKrw ?? payment.amountKrw - payment.refundedKrw;
        const existing = await manager.getRepository(Refund).findOneBy({ paymentId: payment.id });
        if (existing && (existing.status !== 'pending' || existing.stripeRefundId))
          return { step: 'answered' as const, answer: refundView(existing) };
        if (existing) {
          // Asked of Stripe by another request just now: wait for its answer; older, it was abandoned.
          const inFlight = Date.now() - existing.createdAt.getTime() < REFUND_IN_FLIGHT_MS;
          return inFlight ? { step: 'wait' as const } : { step: 'ask' as const, payment, refund: existing, fresh: false };
        }
        if (payment.status !== 'completed' || !payment.stripePaymentIntentId)
          throw new Conflict(`Only a completed payment can be refunded; this one is ${payment.status}`);
        if (amountKrw > payment.amountKrw - payment.refundedKrw) {
          throw new ValidationFailed({ amount_krw: [`must be at most the ${payment.amountKrw - payment.refundedKrw} KRW paid`] });
        }
        const refund = await manager
          .getRepository(Refund)
          .save({ paymentId: payment.id, userId: payment.userId, reference, amountKrw, reason, status: 'pending' });
        return { step: 'ask' as const, payment, refund, fresh: true };
      });
      if (planned.step === 'answered') return planned.answer;
      if (planned.step === 'wait') {
        if (Date.now() > deadline) throw new Conflict('A refund of this payment is still in progress; try again shortly');
        await new Promise((resolve) => setTimeout(resolve, REFUND_POLL_MS));
        continue;
      }
      return this.askStripeToRefund(planned.payment, planned.refund, planned.fresh);
    }
  }

  /** Calls Stripe for a recorded refund, outside any transaction, then records its answer. */
  private async askStripeToRefund(payment: Payment, refund: Refund, fresh: boolean): Promise<RefundView> {
    let stripeRefund: Stripe.Refund;
    try {
      stripeRefund = await callStripe(() =>
        this.stripe.refunds.create(
          {
            payment_intent: payment.stripePaymentIntentId as string,
            amount: refund.amountKrw, // whole won: KRW is zero-decimal
            reason: 'requested_by_customer',
            metadata: { refund_id: refund.id, payment_id: payment.id, reference: refund.reference },
          },
          { idempotencyKey: `refund:${payment.id}` },
        ),
      );
    } catch (error) {
      // Stripe refused or was unreachable: a refund first asked for now leaves nothing behind.
      if (fresh) await this.dataSource.getRepository(Refund).delete({ id: refund.id, status: 'pending', stripeRefundId: IsNull() });
      throw error;
    }
    return inTransaction(this.dataSource, async (manager) => {
      const current = await manager
        .getRepository(Payment)
        .findOneOrFail({ where: { id: payment.id }, lock: { mode: 'pessimistic_write' } });
      const row = await manager.getRepository(Refund).findOneByOrFail({ id: refund.id });
      row.stripeRefundId ??= stripeRefund.id;
      // `charge.refunded` may have been applied meanwhile; then the refund is already settled.
      if (row.status === 'pending') {
        if (stripeRefund.status === 'succeeded') await this.refundSucceeded(manager, current, row);
        else if (stripeRefund.status === 'failed' || stripeRefund.status === 'canceled') row.status = 'failed';
      }
      await manager.getRepository(Refund).save(row);
      return refundView(row);
    });
  }

  private async refundSucceeded(manager: EntityManager, payment: Payment, refund: Refund): Promise<void> {
    refund.status = 'succeeded';
    payment.refundedKrw += refund.amountKrw;
    payment.status = payment.refundedKrw >= payment.amountKrw ? 'refunded' : 'partially_refunded';
    await manager.getRepository(Payment).update({ id: payment.id }, { refundedKrw: payment.refundedKrw, status: payment.status });
    await this.events.record(manager, 'payment.refunded', payment.userId, {
      payment_id: payment.id,
      refund_id: refund.id,
      user_id: payment.userId,
      reference: payment.reference,
      amount_krw: refund.amountKrw,
    });
  }

  /** A charge's money arrived (from the webhook or the success page, whichever is first). */
  async complete(manager: EntityManager, paymentId: string | null | undefined, stripePaymentIntentId: string | null): Promise<void> {
    if (!paymentId || !UUID.test(paymentId)) return;
    const repo = manager.getRepository(Payment);
    const payment = await repo.findOne({ where: { id: paymentId }, lock: { mode: 'pessimistic_write' } });
    if (!payment || !['pending', 'failed', 'expired'].includes(payment.status)) return;
    payment.status = 'completed';
    payment.paidAt = new Date();
    payment.failureReason = null;
    if (stripePaymentIntentId) payment.stripePaymentIntentId = stripePaymentIntentId;
    await repo.save(payment);
    await this.events.record(manager, 'payment.completed', payment.userId, {
      payment_id: payment.id,
      user_id: payment.userId,
      reference: payment.reference,
      amount_krw: payment.amountKrw,
      currency: 'KRW',
    });
  }

  /** A charge attempt failed (a declined card) or its checkout expired unpaid. */
  async fail(
    manager: EntityManager,
    paymentId: string | null | undefined,
    reason: string,
    status: 'failed' | 'expired' = 'failed',
  ): Promise<void> {
    if (!paymentId || !UUID.test(paymentId)) return;
    const repo = manager.getRepository(Payment);
    const payment = await repo.findOne({ where: { id: paymentId }, lock: { mode: 'pessimistic_write' } });
    if (!payment || payment.status !== 'pending') return;
    payment.status = status;
    payment.failureReason = reason.slice(0, 300);
    await repo.save(payment);
    await this.events.record(manager, 'payment.failed', payment.userId, {
      payment_id: payment.id,
      user_id: payment.userId,
      reference: payment.reference,
      reason: payment.failureReason,
    });
  }

  /** Stripe says a charge was refunded (by us, or in the Dashboard). */
  async chargeRefunded(manager: EntityManager, charge: Stripe.Charge): Promise<void> {
    const intentId = typeof charge.payment_intent === 'string' ? charge.payment_intent : charge.payment_intent?.id;
    if (!intentId) return;
    const payment = await manager
      .getRepository(Payment)
      .findOne({ where: { stripePaymentIntentId: intentId }, lock: { mode: 'pessimistic_write' } });
    if (!payment) return;
    const refunds = manager.getRepository(Refund);
    let refund = await refunds.findOneBy({ paymentId: payment.id });
    if (refund?.status === 'succeeded') return;
    if (!refund) {
      const outstanding = charge.amount_refunded - payment.refundedKrw;
      if (outstanding <= 0) return;
      refund = refunds.create({
        paymentId: payment.id,
        userId: payment.userId,
        reference: payment.reference,
        amountKrw: outstanding,
        reason: 'Refunded in Stripe',
        status: 'pending',
      });
      refund = await refunds.save(refund);
    }
    await this.refundSucceeded(manager, payment, refund);
    await refunds.save(refund);
  }

  /**
   * A subscription's invoice was paid: the user's payment completes. Answers whose invoice it is
   * (null when not one of ours), for the invoice that records the charge.
   */
  async subscriptionInvoicePaid(manager: EntityManager, invoice: Stripe.Invoice): Promise<SubscriptionInvoicePaid | null> {
    const owner = await this.invoiceOwner(invoice);
    if (!owner) return null;
    const { userId } = owner;
    const total = invoice.amount_paid;
    const paidAt = invoice.status_transitions?.paid_at ? new Date(invoice.status_transitions.paid_at * 1000) : new Date();
    const payment = await this.invoicePayment(manager, invoice, owner, total);
    if (payment.status !== 'completed') {
      await manager
        .getRepository(Payment)
        .update({ id: payment.id }, { status: 'completed', paidAt, failureReason: null, amountKrw: total });
      await this.events.record(manager, 'payment.completed', userId, {
        payment_id: payment.id,
        user_id: userId,
        reference: payment.reference,
        amount_krw: total,
        currency: 'KRW',
      });
      return { ...owner, completed: { paymentId: payment.id, amountKrw: total } };
    }
    return { ...owner, completed: null };
  }

  /** A subscription's charge failed (Stripe retries it; the subscription goes past_due). */
  async subscriptionInvoiceFailed(manager: EntityManager, invoice: Stripe.Invoice): Promise<void> {
    const owner = await this.invoiceOwner(invoice);
    if (!owner) return;
    const payment = await this.invoicePayment(manager, invoice, owner, invoice.amount_due);
    await this.fail(manager, payment.id, 'The subscription charge was declined');
  }

  /** The payment row of a subscription invoice, made on its first event (paid or failed), locked. */
  private async invoicePayment(
    manager: EntityManager,
    invoice: Stripe.Invoice,
    { userId, stripeSubscriptionId }: SubscriptionInvoiceOwner,
    amountKrw: number,
  ): Promise<Payment> {
    const payments = manager.getRepository(Payment);
    const description = invoice.lines?.data?.[0]?.description ?? 'Subscription';
    await payments
      .createQueryBuilder()
      .insert()
      .values({
        userId,
        kind: 'subscription',
        reference: `subscription:${stripeSubscriptionId}`,
        description: description.slice(0, 300),
        amountKrw,
        status: 'pending',
        stripeInvoiceId: invoice.id,
        stripeSubscriptionId,
      })
      .orIgnore()
      .execute();
    return payments.findOneOrFail({ where: { stripeInvoiceId: invoice.id }, lock: { mode: 'pessimistic_write' } });
  }

  private async invoiceOwner(invoice: Stripe.Invoice): Promise<SubscriptionInvoiceOwner | null> {
    const details = invoice.parent?.subscription_details;
    if (!details) return null;
    const stripeSubscriptionId = typeof details.subscription === 'string' ? details.subscription : details.subscription.id;
    const customer = typeof invoice.customer === 'string' ? invoice.customer : invoice.customer?.id;
    const userId = details.metadata?.user_id ?? (await this.customers.userOf(customer));
    if (!userId || !UUID.test(userId)) {
      this.logger.warn({ msg: 'invoice of an unknown customer ignored', stripe_invoice_id: invoice.id });
      return null;
    }
    return { userId, stripeSubscriptionId };
  }
}
