import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import Stripe from 'stripe';
import { DataSource } from 'typeorm';
import type { PlanChoice } from '../catalogue/catalogue.service';
import { CustomersService } from '../customers/customers.service';
import { PAYMENT_CONFIG, PaymentConfig } from '../payment.config';
import { StripePrices } from '../stripe/stripe-prices.service';
import { callStripe, STRIPE } from '../stripe/stripe.client';
import { CheckoutSession } from './checkout-session.entity';

/** What a Stripe subscription carries back in its events: whose it is and which plan it sells. */
export function subscriptionMetadata(userId: string, choice: PlanChoice): Record<string, string> {
  return {
    user_id: userId,
    product_id: String(choice.product.id),
    plan_slug: choice.plan.slug,
    plan_type: choice.planType,
    kind: 'subscription',
  };
}

/**
 * Opens Stripe Checkout sessions and keeps a row for each: what it was for and whose it is. Called
 * outside any transaction: the row is written once Stripe has answered, and a replayed answer
 * (the same idempotency key) finds the row already there.
 */
@Injectable()
export class StripeCheckout {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(STRIPE) private readonly stripe: Stripe,
    @Inject(PAYMENT_CONFIG) private readonly config: PaymentConfig,
    private readonly customers: CustomersService,
    private readonly prices: StripePrices,
  ) {}

  private urls() {
    const base = this.config.publicBaseUrl;
    return {
      success_url: `${base}/api/payment/success?session_id={CHECKOUT_SESSION_ID}`,
      cancel_url: `${base}/api/payment/cancel?session_id={CHECKOUT_SESSION_ID}`,
    };
  }

  /** A session in subscription mode for one product plan; `idempotencyKey` is passed to Stripe. */
  async openSubscription(userId: string, choice: PlanChoice, idempotencyKey: string | null): Promise<CheckoutSession> {
    const customer = await this.customers.stripeCustomerId(userId);
    const metadata = subscriptionMetadata(userId, choice);
    const create = async () =>
      this.stripe.checkout.sessions.create(
        {
          mode: 'subscription',
          customer,
          client_reference_id: userId,
          line_items: [{ price: await this.prices.priceId(choice), quantity: 1 }],
          metadata,
          subscription_data: { metadata },
          ...this.urls(),
        },
        idempotencyKey ? { idempotencyKey: `checkout:${userId}:${idempotencyKey}` } : undefined,
      );
    let session: Stripe.Checkout.Session;
    try {
      session = await callStripe(create);
    } catch (error) {
      // A price cached from a Stripe that has since forgotten it: look it up again once.
      if ((error as { code?: string }).code !== 'resource_missing') throw error;
      this.prices.forget(choice);
      session = await callStripe(create);
    }
    return this.record(session, {
      userId,
      mode: 'subscription',
      productId: choice.product.id,
      planId: choice.plan.id,
      planType: choice.planType,
      paymentId: null,
      amountKrw: choice.amountKrw,
    });
  }

  /** A session in payment mode for a one-time charge; the payment id travels in the metadata. */
  async openPayment(
    payment: { id: string; userId: string; reference: string; amountKrw: number; description: string },
    attempt: number,
  ): Promise<CheckoutSession> {
    const customer = await this.customers.stripeCustomerId(payment.userId);
    const metadata = { payment_id: payment.id, reference: payment.reference, user_id: payment.userId, kind: 'payment' };
    const session = await callStripe(() =>
      this.stripe.checkout.sessions.create(
        {
          mode: 'payment',
          customer,
          client_reference_id: payment.userId,
          line_items: [
            // KRW is zero-decimal in Stripe: unit_amount is whole won.
            { price_data: { currency: 'krw', unit_amount: payment.amountKrw, product_data: { name: payment.description } }, quantity: 1 },
          ],
          metadata,
          payment_intent_data: { metadata, description: payment.description },
          ...this.urls(),
        },
        { idempotencyKey: `payment:${payment.id}:${attempt}` },
      ),
    );
    return this.record(session, {
      userId: payment.userId,
      mode: 'payment',
      productId: null,
      planId: null,
      planType: null,
      paymentId: payment.id,
      amountKrw: payment.amountKrw,
    });
  }

  private async record(
    session: Stripe.Checkout.Session,
    fields: Pick<CheckoutSession, 'userId' | 'mode' | 'productId' | 'planId' | 'planType' | 'paymentId' | 'amountKrw'>,
  ): Promise<CheckoutSession> {
    const repo = this.dataSource.getRepository(CheckoutSession);
    // A replayed Stripe answer (same idempotency key) names a session already recorded.
    await repo
      .createQueryBuilder()
      .insert()
      .values({
        ...fields,
        stripeSessionId: session.id,
        amountKrw: session.amount_total ?? fields.amountKrw,
        status: session.status ?? 'open',
        paymentStatus: session.payment_status,
        url: session.url ?? '',
        expiresAt: session.expires_at ? new Date(session.expires_at * 1000) : null,
      })
      .orIgnore()
      .execute();
    return repo.findOneByOrFail({ stripeSessionId: session.id });
  }
}
