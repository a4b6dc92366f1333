import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import Stripe from 'stripe';
import { DataSource, EntityManager } from 'typeorm';
import { StripeWebhookBody, WebhookReceivedView } from '@sf/contracts';
import { returnedRows } from '@sf/database';
import { BadRequest } from '@sf/errors';
import { CheckoutService } from '../checkout/checkout.service';
import { InvoicesService } from '../invoices/invoices.service';
import { PAYMENT_CONFIG, PaymentConfig } from '../payment.config';
import { PaymentsService } from '../payments/payments.service';
import { STRIPE } from '../stripe/stripe.client';
import { SubscriptionSync } from '../subscriptions/subscription-sync.service';
import { inTransaction } from '@sf/idempotency';

/**
 * Stripe's webhooks: the signature is checked against the raw body, then each event is applied
 * once, in the transaction that records its id (a replay is answered 200 and changes nothing).
 * Only the event's own payload is used, so the answer is quick and needs no call to Stripe.
 */
@Injectable()
export class WebhooksService {
  private readonly logger = new Logger(WebhooksService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(STRIPE) private readonly stripe: Stripe,
    @Inject(PAYMENT_CONFIG) private readonly config: PaymentConfig,
    private readonly checkout: CheckoutService,
    private readonly sync: SubscriptionSync,
    private readonly payments: PaymentsService,
    private readonly invoices: InvoicesService,
  ) {}

  async receive(request: StripeWebhookBody): Promise<WebhookReceivedView> {
    if (!request?.signature) throw new BadRequest('Missing Stripe-Signature header');
    if (request.payload.length === 0) throw new BadRequest('Empty webhook body');
    let event: Stripe.Event;
    try {
      event = this.stripe.webhooks.constructEvent(
        request.payload,
        request.signature,
        this.config.stripe.webhookSecret,
        this.config.stripe.webhookToleranceSeconds,
      );
    } catch {
      throw new BadRequest('Invalid Stripe-Signature');
    }
    await inTransaction(this.dataSource, async (manager) => {
      const fresh = returnedRows(
        await manager.query(
          `INSERT INTO stripe_events (id, type, stripe_created) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING id`,
          [event.id, event.type, event.created],
        ),
      );
      if (fresh.length === 0) return; // delivered before: already applied
      await this.apply(manager, event);
    });
    return { received: true };
  }

  private async apply(manager: EntityManager, event: Stripe.Event): Promise<void> {
    switch (event.type) {
      case 'checkout.session.completed':
      case 'checkout.session.async_payment_succeeded':
      case 'checkout.session.expired':
        await this.checkout.applySession(manager, event.data.object, event.created);
        return;
      case 'customer.subscription.created':
        await this.sync.apply(manager, event.data.object, event.created, true);
        return;
      case 'customer.subscription.updated':
      case 'customer.subscription.deleted':
      case 'customer.subscription.paused':
      case 'customer.subscription.resumed':
        await this.sync.apply(manager, event.data.object, event.created);
        return;
      case 'invoice.paid':
      case 'invoice.payment_succeeded': {
        // The payment completes, then the invoice (VAT included) records the charge. A cycle's
        // invoice paid is a renewal, announced once: by whichever of the two events completed it.
        const paid = await this.payments.subscriptionInvoicePaid(manager, event.data.object);
        if (!paid) return;
        await this.invoices.recordSubscriptionInvoice(manager, event.data.object, paid);
        if (paid.completed && event.data.object.billing_reason === 'subscription_cycle')
          await this.sync.renewed(manager, paid.stripeSubscriptionId, event.data.object, paid.completed, event.created);
        return;
      }
      case 'invoice.payment_failed':
        await this.payments.subscriptionInvoiceFailed(manager, event.data.object);
        return;
      case 'payment_intent.succeeded':
        await this.payments.complete(manager, event.data.object.metadata?.payment_id, event.data.object.id);
        return;
      case 'payment_intent.payment_failed':
        await this.payments.fail(
          manager,
          event.data.object.metadata?.payment_id,
          event.data.object.last_payment_error?.message ?? 'The payment failed',
        );
        return;
      case 'charge.refunded':
        await this.payments.chargeRefunded(manager, event.data.object);
        return;
      default:
        this.logger.debug({ msg: 'webhook event not used', type: event.type, event_id: event.id });
    }
  }
}
