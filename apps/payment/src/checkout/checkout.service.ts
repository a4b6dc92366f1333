import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import Stripe from 'stripe';
import { DataSource, EntityManager, MoreThan } from 'typeorm';
import { CheckoutDto, CheckoutStatusView, CheckoutSuccessView, CheckoutView, UserContext } from '@sf/contracts';
import { DomainError, NotFound } from '@sf/errors';
import { CatalogueService, PlanChoice } from '../catalogue/catalogue.service';
import { CheckoutSession } from '../checkout-sessions/checkout-session.entity';
import { StripeCheckout } from '../checkout-sessions/stripe-checkout';
import { IdempotencyService } from '../idempotency/idempotency.service';
import { PaymentsService } from '../payments/payments.service';
import { callStripe, STRIPE, stripeTime } from '../stripe/stripe.client';
import { Subscription } from '../subscriptions/subscription.entity';
import { SubscriptionSync } from '../subscriptions/subscription-sync.service';
import { SubscriptionsService } from '../subscriptions/subscriptions.service';
import { inTransaction } from '@sf/idempotency';

/** An open session is handed out again only while it has this much time left. */
const SESSION_REUSE_MARGIN_MS = 10 * 60 * 1000;

/** Checkout for subscriptions: open a session, report on it, confirm it when Stripe sends the payer back. */
@Injectable()
export class CheckoutService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(STRIPE) private readonly stripe: Stripe,
    private readonly catalogue: CatalogueService,
    private readonly checkout: StripeCheckout,
    private readonly idempotency: IdempotencyService,
    private readonly sync: SubscriptionSync,
    private readonly subscriptions: SubscriptionsService,
    private readonly payments: PaymentsService,
  ) {}

  async create(ctx: UserContext, dto: CheckoutDto): Promise<CheckoutView> {
    const userId = ctx.user_id;
    const choice = await this.catalogue.resolve(dto);
    // Stripe is called outside any transaction: the key is claimed first, the answer stored after.
    return this.idempotency.onceAcrossCalls(ctx, 'checkout', dto, async (key) => {
      await this.subscriptions.refuseIfSubscribed(this.dataSource.manager, userId, choice);
      if (!key) {
        // The same choice asked again while its session is open: the same session.
        const open = await this.dataSource.getRepository(CheckoutSession).findOne({
          where: {
            userId,
            mode: 'subscription',
            productId: choice.product.id,
            planId: choice.plan.id,
            planType: choice.planType,
            status: 'open',
            expiresAt: MoreThan(new Date(Date.now() + SESSION_REUSE_MARGIN_MS)),
          },
          order: { createdAt: 'DESC' },
        });
        if (open) return this.checkoutView(open, choice);
      }
      return this.checkoutView(await this.checkout.openSubscription(userId, choice, key), choice);
    });
  }

  private checkoutView(session: CheckoutSession, choice: PlanChoice): CheckoutView {
    return {
      session_id: session.stripeSessionId,
      checkout_url: session.url,
      status: session.status,
      amount_krw: session.amountKrw,
      currency: 'KRW',
      product_id: choice.product.id,
      plan_slug: choice.plan.slug,
      plan_type: choice.planType,
      expires_at: session.expiresAt?.toISOString() ?? null,
    };
  }

  async status(ctx: UserContext, sessionId: string): Promise<CheckoutStatusView> {
    let session = await this.dataSource.getRepository(CheckoutSession).findOneBy({ stripeSessionId: sessionId, userId: ctx.user_id });
    if (!session) throw new NotFound('Checkout session');
    if (session.status === 'open')
      session = (await this.confirm(session).catch((error: unknown) => this.keepStored(error, session as CheckoutSession))) ?? session;
    return this.statusView(session);
  }

  /** Where Stripe sends the payer back: the session is confirmed with Stripe, not taken on trust. */
  async success(sessionId: string): Promise<CheckoutSuccessView> {
    const stored = await this.dataSource.getRepository(CheckoutSession).findOneBy({ stripeSessionId: sessionId });
    if (!stored) throw new NotFound('Checkout session');
    const session = (await this.confirm(stored)) ?? stored;
    const sub = session.stripeSubscriptionId
      ? await this.dataSource.getRepository(Subscription).findOneBy({ stripeSubscriptionId: session.stripeSubscriptionId })
      : null;
    const message =
      session.status === 'complete'
        ? session.mode === 'subscription'
          ? 'Payment complete: your subscription is active'
          : 'Payment complete'
        : session.status === 'expired'
          ? 'This checkout has expired; start a new one'
          : 'The payment has not been completed yet';
    return {
      session_id: session.stripeSessionId,
      status: session.status,
      payment_status: session.paymentStatus,
      subscription_id: sub?.id ?? null,
      subscription_status: sub?.status ?? null,
      message,
    };
  }

  private keepStored(error: unknown, session: CheckoutSession): CheckoutSession {
    // Stripe unreachable: report what we know rather than fail the read.
    if (error instanceof DomainError && error.code === 'SERVICE_UNAVAILABLE') return session;
    throw error;
  }

  /** Reads the session from Stripe and applies it. */
  private async confirm(stored: CheckoutSession): Promise<CheckoutSession | null> {
    const session = await callStripe(() => this.stripe.checkout.sessions.retrieve(stored.stripeSessionId, { expand: ['subscription'] }));
    return inTransaction(this.dataSource, (manager) => this.applySession(manager, session, stripeTime(session)));
  }

  /**
   * Applies what Stripe says about a session (a webhook, or a read on the success page): its
   * status, the subscription it created, the charge it paid. Applying it twice changes nothing.
   */
  async applySession(manager: EntityManager, session: Stripe.Checkout.Session, observedAt: number): Promise<CheckoutSession | null> {
    const repo = manager.getRepository(CheckoutSession);
    const row = await repo.findOne({ where: { stripeSessionId: session.id }, lock: { mode: 'pessimistic_write' } });
    if (!row) return null;
    if (row.status === 'open' && session.status && session.status !== 'open') {
      row.status = session.status;
      if (session.status === 'complete') row.completedAt = new Date();
    }
    row.paymentStatus = session.payment_status ?? row.paymentStatus;
    if (session.subscription) {
      row.stripeSubscriptionId = typeof session.subscription === 'string' ? session.subscription : session.subscription.id;
      if (typeof session.subscription !== 'string') await this.sync.apply(manager, session.subscription, observedAt);
    }
    await repo.save(row);
    if (row.mode === 'payment') {
      const intent = typeof session.payment_intent === 'string' ? session.payment_intent : (session.payment_intent?.id ?? null);
      if (session.payment_status === 'paid') await this.payments.complete(manager, row.paymentId, intent);
      else if (session.status === 'expired')
        await this.payments.fail(manager, row.paymentId, 'The checkout expired before payment', 'expired');
    }
    return row;
  }

  private async statusView(session: CheckoutSession): Promise<CheckoutStatusView> {
    const plan = session.planId ? await this.catalogue.planById(session.planId) : undefined;
    const sub = session.stripeSubscriptionId
      ? await this.dataSource.getRepository(Subscription).findOneBy({ stripeSubscriptionId: session.stripeSubscriptionId })
      : null;
    return {
      session_id: session.stripeSessionId,
      mode: session.mode,
      status: session.status,
      payment_status: session.paymentStatus,
      amount_krw: session.amountKrw,
      currency: 'KRW',
      product_id: session.productId,
      plan_slug: plan?.slug ?? null,
      plan_type: session.planType,
      subscription_id: sub?.id ?? null,
      payment_id: session.paymentId,
      checkout_url: session.url,
      created_at: session.createdAt.toISOString(),
      completed_at: session.completedAt?.toISOString() ?? null,
    };
  }
}
