import { newId, now, StripeObject } from './stripe-object';
import { Store } from './store';

export interface PaymentIntentFields {
  created?: number;
  amount: number;
  currency: string;
  customer: string;
  description: string | null;
  metadata: Record<string, string>;
}

/** PaymentIntents and the charges that pay them. */
export class PaymentIntents {
  constructor(private readonly store: Store) {}

  /** A PaymentIntent waiting for its payment method. */
  create(fields: PaymentIntentFields): StripeObject {
    return this.store.insert('payment_intents', {
      id: newId('pi'),
      object: 'payment_intent',
      created: fields.created ?? now(),
      amount: fields.amount,
      amount_received: 0,
      currency: fields.currency,
      customer: fields.customer,
      description: fields.description,
      metadata: fields.metadata,
      status: 'requires_payment_method',
      latest_charge: null,
      last_payment_error: null,
      payment_method: null,
      livemode: false,
    });
  }

  /** Charges the intent's amount to the payment method: the intent succeeds. */
  succeed(intent: StripeObject, paymentMethod: string): void {
    const charge = this.store.insert('charges', {
      id: newId('ch'),
      object: 'charge',
      created: now(),
      amount: intent.amount,
      amount_captured: intent.amount,
      amount_refunded: 0,
      currency: intent.currency,
      customer: intent.customer,
      payment_intent: intent.id,
      payment_method: paymentMethod,
      paid: true,
      captured: true,
      refunded: false,
      status: 'succeeded',
      metadata: { ...intent.metadata },
      livemode: false,
    });
    intent.status = 'succeeded';
    intent.amount_received = intent.amount;
    intent.latest_charge = charge.id;
    intent.payment_method = paymentMethod;
    intent.last_payment_error = null;
  }
}
