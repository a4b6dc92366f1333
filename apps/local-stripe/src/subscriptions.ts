import { ApiError, invalidRequest, missingParam } from './api-error';
import { Catalogue } from './catalogue';
import { EventLog } from './events';
import { FormObject } from './form-encoding';
import { Invoices } from './invoices';
import { PaymentMethods } from './payment-methods';
import { bool, int, list, mergeMetadata, obj, str } from './params';
import { addInterval, DECLINING_METHODS, newId, now, StripeObject } from './stripe-object';
import { Store } from './store';

/** Subscriptions: created directly or by a checkout, updated, canceled now or at the period's end. */
export class Subscriptions {
  constructor(
    private readonly store: Store,
    private readonly events: EventLog,
    private readonly catalogue: Catalogue,
    private readonly paymentMethods: PaymentMethods,
    private readonly invoices: Invoices,
  ) {}

  /** `POST /v1/subscriptions`: charged at once with the default payment method, as Stripe does. */
  create(params: FormObject): StripeObject {
    const customerId = str(params.customer);
    if (!customerId) throw missingParam('customer');
    const customer = this.store.mustGet('customers', customerId, 'customer');
    const rawItems = list(params.items);
    if (!rawItems.length) throw missingParam('items');
    const lineItems = rawItems.map((raw, i) => {
      const item = obj(raw);
      const price = this.catalogue.priceOf(item, `items[${i}]`);
      if (!price.recurring)
        throw invalidRequest(
          'The price specified is set to `type=one_time` but this field only accepts prices with `type=recurring`.',
          undefined,
          `items[${i}][price]`,
        );
      return { price: price.id, quantity: int(item.quantity, `items[${i}][quantity]`, { min: 1 }) ?? 1 };
    });
    const paymentMethod = str(params.default_payment_method) || customer.invoice_settings?.default_payment_method || null;
    const behavior = str(params.payment_behavior) ?? 'allow_incomplete';
    if (!paymentMethod && behavior !== 'default_incomplete') {
      throw invalidRequest('This customer has no attached payment source or default payment method.', 'resource_missing');
    }
    const declines = paymentMethod ? DECLINING_METHODS.has(paymentMethod) : false;
    if (declines && behavior === 'error_if_incomplete') {
      throw new ApiError(402, 'card_error', 'Your card was declined.', 'card_declined', 'default_payment_method');
    }
    if (paymentMethod) this.paymentMethods.get(paymentMethod).customer = customer.id;
    const sub = this.start(customer.id, lineItems, mergeMetadata({}, params.metadata), paymentMethod);
    const paid = !!paymentMethod && !declines;
    if (!paid) sub.status = 'incomplete';
    const invoice = this.invoices.create(sub, 'subscription_create', paid);
    sub.latest_invoice = invoice.id;
    this.events.emit('customer.subscription.created', sub);
    if (paid) {
      this.events.emit('invoice.paid', invoice);
      this.events.emit('payment_intent.succeeded', this.invoices.paymentIntentOf(invoice));
    } else if (paymentMethod) {
      this.events.emit('invoice.payment_failed', invoice);
    }
    return sub;
  }

  /** A new active subscription to the line items' prices, its first period starting now. */
  start(customer: string, lineItems: StripeObject[], metadata: Record<string, string>, paymentMethod: string | null): StripeObject {
    const start = now();
    const id = newId('sub');
    const items = lineItems.map((li) => {
      const price = this.store.mustGet('prices', li.price);
      return {
        id: newId('si'),
        object: 'subscription_item',
        created: start,
        price: price.id,
        quantity: li.quantity,
        subscription: id,
        current_period_start: start,
        current_period_end: addInterval(start, price.recurring.interval, price.recurring.interval_count),
        metadata: {},
      };
    });
    return this.store.insert('subscriptions', {
      id,
      object: 'subscription',
      created: start,
      start_date: start,
      billing_cycle_anchor: start,
      customer,
      status: 'active',
      currency: this.store.mustGet('prices', items[0].price).currency,
      items: { object: 'list', data: items, has_more: false },
      cancel_at_period_end: false,
      cancel_at: null,
      canceled_at: null,
      ended_at: null,
      default_payment_method: paymentMethod,
      latest_invoice: null,
      metadata,
      livemode: false,
    });
  }

  /** `POST /v1/subscriptions/:id`: items (a new interval starts a new period), cancel_at_period_end, metadata, payment method. */
  update(id: string, params: FormObject): StripeObject {
    const sub = this.store.mustGet('subscriptions', id);
    if (sub.status === 'canceled') {
      throw invalidRequest('A canceled subscription can only update its cancellation_details and metadata.');
    }
    const previous = this.store.snapshot(sub, ['cancel_at_period_end', 'cancel_at', 'metadata', 'items', 'status', 'pause_collection']);
    let changed = false;
    for (const [i, raw] of list(params.items).entries()) {
      const item = obj(raw);
      const itemId = str(item.id);
      const price = this.catalogue.priceOf(item, `items[${i}]`);
      const existing = (sub.items.data as StripeObject[]).find((si) => si.id === itemId);
      if (itemId && !existing) throw invalidRequest(`No such subscription item: '${itemId}'`, 'resource_missing', `items[${i}][id]`);
      if (existing) {
        if (existing.price !== price.id) changed = true;
        existing.price = price.id;
        if (item.quantity !== undefined) existing.quantity = int(item.quantity, `items[${i}][quantity]`, { min: 1 });
        const oldPrice = previous.items.data.find((si: StripeObject) => si.id === existing.id).price;
        if (this.store.mustGet('prices', oldPrice).recurring.interval !== price.recurring.interval) {
          // A new billing interval starts a new period at once, as Stripe does.
          existing.current_period_start = now();
          existing.current_period_end = addInterval(
            existing.current_period_start,
            price.recurring.interval,
            price.recurring.interval_count,
          );
          sub.billing_cycle_anchor = existing.current_period_start;
        }
      } else {
        const start = now();
        (sub.items.data as StripeObject[]).push({
          id: newId('si'),
          object: 'subscription_item',
          created: start,
          price: price.id,
          quantity: int(item.quantity, `items[${i}][quantity]`, { min: 1 }) ?? 1,
          subscription: sub.id,
          current_period_start: start,
          current_period_end: addInterval(start, price.recurring.interval, price.recurring.interval_count),
          metadata: {},
        });
        changed = true;
      }
    }
    const cancelAtPeriodEnd = bool(params.cancel_at_period_end);
    if (cancelAtPeriodEnd !== undefined && cancelAtPeriodEnd !== sub.cancel_at_period_end) {
      sub.cancel_at_period_end = cancelAtPeriodEnd;
      sub.cancel_at = cancelAtPeriodEnd ? sub.items.data[0].current_period_end : null;
      sub.canceled_at = cancelAtPeriodEnd ? now() : null;
      changed = true;
    }
    const metadata = mergeMetadata(sub.metadata, params.metadata);
    if (JSON.stringify(metadata) !== JSON.stringify(sub.metadata)) {
      sub.metadata = metadata;
      changed = true;
    }
    if (params.pause_collection !== undefined) {
      // '' resumes collection; {behavior} pauses it (the service goes on, invoices are not charged).
      const pause = params.pause_collection === '' ? null : obj(params.pause_collection);
      const behavior = pause ? (str(pause.behavior) ?? '') : null;
      if (pause && !['void', 'keep_as_draft', 'mark_uncollectible'].includes(behavior as string)) {
        throw invalidRequest('Invalid pause_collection[behavior]', 'parameter_invalid', 'pause_collection[behavior]');
      }
      const next = pause ? { behavior, resumes_at: null } : null;
      if (JSON.stringify(next) !== JSON.stringify(sub.pause_collection ?? null)) {
        sub.pause_collection = next;
        changed = true;
      }
    }
    const pm = str(params.default_payment_method);
    if (pm) {
      sub.default_payment_method = this.paymentMethods.get(pm).id;
      changed = true;
    }
    if (changed) this.events.emit('customer.subscription.updated', sub, previous);
    return sub;
  }

  /** `DELETE /v1/subscriptions/:id`: canceled now. */
  delete(id: string): StripeObject {
    const sub = this.store.mustGet('subscriptions', id);
    if (sub.status === 'canceled') throw invalidRequest(`No such subscription: '${id}'`, 'resource_missing', 'id');
    this.cancel(sub);
    return sub;
  }

  cancel(sub: StripeObject): void {
    sub.status = 'canceled';
    sub.canceled_at ??= now();
    sub.ended_at = now();
    sub.cancel_at_period_end = false;
    this.events.emit('customer.subscription.deleted', sub);
  }

  /** Moves every item to its next period. */
  advancePeriod(sub: StripeObject): void {
    for (const item of sub.items.data as StripeObject[]) {
      const price = this.store.mustGet('prices', item.price);
      item.current_period_start = item.current_period_end;
      item.current_period_end = addInterval(item.current_period_start, price.recurring.interval, price.recurring.interval_count);
    }
  }
}
