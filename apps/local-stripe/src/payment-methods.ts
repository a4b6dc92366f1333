import { ApiError } from './api-error';
import { FormObject } from './form-encoding';
import { str } from './params';
import { DECLINING_METHODS, now, StripeObject } from './stripe-object';
import { Store } from './store';

/** Stripe's test payment methods (`pm_card_visa`, ...), which exist without being created. */
export class PaymentMethods {
  constructor(private readonly store: Store) {}

  get(id: string): StripeObject {
    const existing = this.store.collection('payment_methods').get(id);
    if (existing) return existing;
    if (!/^pm_[A-Za-z0-9_]+$/.test(id))
      throw new ApiError(404, 'invalid_request_error', `No such PaymentMethod: '${id}'`, 'resource_missing', 'payment_method');
    return this.store.insert('payment_methods', {
      id,
      object: 'payment_method',
      created: now(),
      type: 'card',
      card: { brand: 'visa', last4: DECLINING_METHODS.has(id) ? '0002' : '4242', exp_month: 12, exp_year: 2034 },
      customer: null,
      livemode: false,
    });
  }

  attach(id: string, params: FormObject): StripeObject {
    const customer = this.store.mustGet('customers', str(params.customer) ?? '', 'customer');
    const pm = this.get(id);
    pm.customer = customer.id;
    return pm;
  }
}
