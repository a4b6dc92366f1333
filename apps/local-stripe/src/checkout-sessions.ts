import { invalidRequest, missingParam } from './api-error';
import { Catalogue } from './catalogue';
import { Customers } from './customers';
import { EventLog } from './events';
import { FormObject } from './form-encoding';
import { Invoices } from './invoices';
import { PaymentIntents } from './payment-intents';
import { PaymentMethods } from './payment-methods';
import { int, list, mergeMetadata, obj, str } from './params';
import { newId, now, StripeObject } from './stripe-object';
import { Store } from './store';
import { Subscriptions } from './subscriptions';

export interface CheckoutDependencies {
  store: Store;
  events: EventLog;
  catalogue: Catalogue;
  customers: Customers;
  paymentMethods: PaymentMethods;
  intents: PaymentIntents;
  subscriptions: Subscriptions;
  invoices: Invoices;
  publicUrl: () => string;
}

/** Checkout Sessions: created open, then completed or declined on their page, or expired. */
export class CheckoutSessions {
  constructor(private readonly deps: CheckoutDependencies) {}

  create(params: FormObject): StripeObject {
    const { store } = this.deps;
    const mode = str(params.mode);
    if (!mode || !['payment', 'subscription'].includes(mode)) throw missingParam('mode');
    const successUrl = str(params.success_url);
    if (!successUrl) throw missingParam('success_url');
    const customer = str(params.customer) ?? null;
    if (customer) store.mustGet('customers', customer, 'customer');
    const rawItems = list(params.line_items);
    if (!rawItems.length) throw missingParam('line_items');
    const lineItems = rawItems.map((raw, i) => {
      const item = obj(raw);
      const price = this.deps.catalogue.priceOf(item, `line_items[${i}]`);
      if (mode === 'subscription' && !price.recurring) {
        throw invalidRequest('You must specify at least one recurring price in `subscription` mode.', undefined, `line_items[${i}]`);
      }
      if (mode === 'payment' && price.recurring) {
        throw invalidRequest('You can only use one-time prices in `payment` mode.', undefined, `line_items[${i}]`);
      }
      const quantity = int(item.quantity, `line_items[${i}][quantity]`, { min: 1 }) ?? 1;
      return {
        id: newId('li'),
        object: 'item',
        price: price.id,
        quantity,
        amount_total: price.unit_amount * quantity,
        currency: price.currency,
      };
    });
    const currency = store.mustGet('prices', lineItems[0].price).currency as string;
    const amount = lineItems.reduce((sum, li) => sum + li.amount_total, 0);
    const id = newId('cs', true);
    const created = now();
    return store.insert('checkout_sessions', {
      id,
      object: 'checkout.session',
      created,
      expires_at: int(params.expires_at, 'expires_at') ?? created + 24 * 3600,
      mode,
      status: 'open',
      payment_status: 'unpaid',
      amount_subtotal: amount,
      amount_total: amount,
      currency,
      customer,
      customer_email: str(params.customer_email) ?? null,
      client_reference_id: str(params.client_reference_id) ?? null,
      metadata: mergeMetadata({}, params.metadata),
      success_url: successUrl,
      cancel_url: str(params.cancel_url) ?? null,
      url: `${this.deps.publicUrl()}/checkout/${id}`,
      subscription: null,
      payment_intent: null,
      invoice: null,
      livemode: false,
      _line_items: lineItems,
      _subscription_data: obj(params.subscription_data),
      _payment_intent_data: obj(params.payment_intent_data),
    });
  }

  /** `POST /v1/checkout/sessions/:id/expire`. */
  expire(id: string): StripeObject {
    const session = this.deps.store.mustGet('checkout_sessions', id);
    if (session.status !== 'open') {
      throw invalidRequest(
        `Only Checkout Sessions with a status of open can be expired. This Checkout Session has a status of ${session.status}.`,
      );
    }
    session.status = 'expired';
    this.deps.events.emit('checkout.session.expired', session);
    return session;
  }

  /** The customer paid on the checkout page: a subscription started, or a one-time charge made. */
  complete(session: StripeObject): void {
    const { store, events } = this.deps;
    const customer = this.customerFor(session);
    const pm = this.deps.paymentMethods.get('pm_card_visa');
    pm.customer = customer;
    if (session.mode === 'subscription') {
      const data = session._subscription_data as FormObject;
      const sub = this.deps.subscriptions.start(customer, session._line_items as StripeObject[], mergeMetadata({}, data.metadata), pm.id);
      const invoice = this.deps.invoices.create(sub, 'subscription_create', true);
      sub.latest_invoice = invoice.id;
      session.subscription = sub.id;
      session.invoice = invoice.id;
      session.status = 'complete';
      session.payment_status = 'paid';
      events.emit('customer.subscription.created', sub);
      events.emit('invoice.paid', invoice);
      events.emit('payment_intent.succeeded', this.deps.invoices.paymentIntentOf(invoice));
      events.emit('checkout.session.completed', session);
      return;
    }
    const intent = this.paymentIntentFor(session, customer);
    this.deps.intents.succeed(intent, pm.id);
    session.status = 'complete';
    session.payment_status = 'paid';
    events.emit('payment_intent.succeeded', intent);
    events.emit('charge.succeeded', store.mustGet('charges', intent.latest_charge));
    events.emit('checkout.session.completed', session);
  }

  /** The card was declined on the checkout page (a one-time payment's intent records why). */
  decline(session: StripeObject): void {
    if (session.mode !== 'payment') return;
    const customer = this.customerFor(session);
    const intent = this.paymentIntentFor(session, customer);
    intent.status = 'requires_payment_method';
    intent.last_payment_error = {
      type: 'card_error',
      code: 'card_declined',
      decline_code: 'generic_decline',
      message: 'Your card was declined.',
    };
    this.deps.events.emit('payment_intent.payment_failed', intent);
  }

  /** The session's customer, made from its email when it named none. */
  private customerFor(session: StripeObject): string {
    if (session.customer) return session.customer;
    const customer = this.deps.customers.create({ email: session.customer_email ?? '' });
    session.customer = customer.id;
    return customer.id;
  }

  private paymentIntentFor(session: StripeObject, customer: string): StripeObject {
    if (session.payment_intent) return this.deps.store.mustGet('payment_intents', session.payment_intent);
    const data = session._payment_intent_data as FormObject;
    const intent = this.deps.intents.create({
      amount: session.amount_total,
      currency: session.currency,
      customer,
      description: str(data.description) ?? null,
      metadata: mergeMetadata({}, data.metadata),
    });
    session.payment_intent = intent.id;
    return intent;
  }
}
