import { PaymentIntents } from './payment-intents';
import { formatAmount, newId, now, StripeObject } from './stripe-object';
import { Store } from './store';

/** A subscription's invoices: one per period, paid by its own PaymentIntent or left open. */
export class Invoices {
  constructor(
    private readonly store: Store,
    private readonly intents: PaymentIntents,
    private readonly publicUrl: () => string,
  ) {}

  /** An invoice for the subscription's current period, paid (with its PaymentIntent and charge) or open. */
  create(sub: StripeObject, reason: string, paid: boolean): StripeObject {
    const items = sub.items.data as StripeObject[];
    const lines = items.map((item) => this.line(item));
    const total = lines.reduce((sum, l) => sum + l.amount, 0);
    const created = now();
    const id = newId('in');
    const invoice = this.store.insert('invoices', {
      id,
      object: 'invoice',
      created,
      customer: sub.customer,
      currency: sub.currency,
      status: paid ? 'paid' : 'open',
      billing_reason: reason,
      collection_method: 'charge_automatically',
      number: `LOCAL-${String(this.store.collection('invoices').size + 1).padStart(4, '0')}`,
      subtotal: total,
      total,
      amount_due: total,
      amount_paid: paid ? total : 0,
      amount_remaining: paid ? 0 : total,
      attempt_count: 1,
      attempted: true,
      hosted_invoice_url: `${this.publicUrl()}/invoices/${id}`,
      lines: { object: 'list', data: lines, has_more: false },
      parent: {
        type: 'subscription_details',
        subscription_details: { subscription: sub.id, metadata: { ...sub.metadata } },
        quote_details: null,
      },
      period_start: items[0].current_period_start,
      period_end: items[0].current_period_end,
      status_transitions: { finalized_at: created, paid_at: paid ? created : null },
      next_payment_attempt: paid ? null : created + 3 * 24 * 3600,
      livemode: false,
    });
    const intent = this.intents.create({
      created,
      amount: total,
      currency: sub.currency,
      customer: sub.customer,
      description: reason === 'subscription_create' ? 'Subscription creation' : 'Subscription update',
      metadata: {},
    });
    if (paid) this.intents.succeed(intent, sub.default_payment_method ?? 'pm_card_visa');
    else intent.last_payment_error = { type: 'card_error', code: 'card_declined', message: 'Your card was declined.' };
    invoice._payment_intent = intent.id;
    invoice.payments = {
      object: 'list',
      data: [
        {
          object: 'invoice_payment',
          invoice: id,
          status: paid ? 'paid' : 'open',
          payment: { type: 'payment_intent', payment_intent: intent.id },
        },
      ],
      has_more: false,
    };
    return invoice;
  }

  /** The PaymentIntent that paid (or failed to pay) the invoice. */
  paymentIntentOf(invoice: StripeObject): StripeObject {
    return this.store.mustGet('payment_intents', invoice._payment_intent);
  }

  private line(item: StripeObject): StripeObject & { amount: number } {
    const price = this.store.mustGet('prices', item.price);
    const product = this.store.mustGet('products', price.product);
    return {
      id: newId('il'),
      object: 'line_item',
      amount: price.unit_amount * item.quantity,
      currency: price.currency,
      description: `${item.quantity} × ${product.name} (at ${formatAmount(price.unit_amount, price.currency)} / ${price.recurring.interval})`,
      quantity: item.quantity,
      period: { start: item.current_period_start, end: item.current_period_end },
      pricing: { type: 'price_details', price_details: { price: price.id, product: product.id } },
    };
  }
}
