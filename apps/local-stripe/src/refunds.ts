import { invalidRequest } from './api-error';
import { EventLog } from './events';
import { FormObject } from './form-encoding';
import { int, mergeMetadata, str } from './params';
import { formatAmount, newId, now, StripeObject } from './stripe-object';
import { Store } from './store';

/** `POST /v1/refunds`: of a charge or a PaymentIntent's charge, at most what is left of it. */
export class Refunds {
  constructor(
    private readonly store: Store,
    private readonly events: EventLog,
  ) {}

  create(params: FormObject): StripeObject {
    const charge = this.chargeOf(params);
    const remaining = charge.amount - charge.amount_refunded;
    const amount = int(params.amount, 'amount', { min: 1 }) ?? remaining;
    if (remaining <= 0) throw invalidRequest(`Charge ${charge.id} has already been refunded.`, 'charge_already_refunded');
    if (amount > remaining) {
      throw invalidRequest(
        `Refund amount (${formatAmount(amount, charge.currency)}) is greater than unrefunded amount on charge (${formatAmount(remaining, charge.currency)})`,
        'amount_too_large',
        'amount',
      );
    }
    const previous = this.store.snapshot(charge, ['amount_refunded', 'refunded']);
    const refund = this.store.insert('refunds', {
      id: newId('re'),
      object: 'refund',
      created: now(),
      amount,
      currency: charge.currency,
      charge: charge.id,
      payment_intent: charge.payment_intent,
      reason: str(params.reason) ?? null,
      status: 'succeeded',
      metadata: mergeMetadata({}, params.metadata),
    });
    charge.amount_refunded += amount;
    charge.refunded = charge.amount_refunded >= charge.amount;
    this.events.emit('refund.created', refund);
    this.events.emit('charge.refunded', charge, previous);
    return refund;
  }

  private chargeOf(params: FormObject): StripeObject {
    const intentId = str(params.payment_intent);
    const chargeId = str(params.charge);
    if (chargeId) return this.store.mustGet('charges', chargeId, 'charge');
    if (!intentId) {
      throw invalidRequest(
        'One of the following params should be provided for this request: payment_intent or charge.',
        'parameter_missing',
      );
    }
    const intent = this.store.mustGet('payment_intents', intentId, 'payment_intent');
    if (!intent.latest_charge) {
      throw invalidRequest(
        `This PaymentIntent (${intentId}) does not have a successful charge to refund.`,
        'charge_not_refundable',
        'payment_intent',
      );
    }
    return this.store.mustGet('charges', intent.latest_charge);
  }
}
