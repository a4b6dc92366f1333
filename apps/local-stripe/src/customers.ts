import { FormObject } from './form-encoding';
import { mergeMetadata, obj, str } from './params';
import { newId, now, StripeObject } from './stripe-object';
import { Store } from './store';

/** `POST /v1/customers`, `POST /v1/customers/:id`. */
export class Customers {
  constructor(private readonly store: Store) {}

  create(params: FormObject): StripeObject {
    return this.store.insert('customers', {
      id: newId('cus'),
      object: 'customer',
      created: now(),
      email: str(params.email) ?? null,
      name: str(params.name) ?? null,
      description: str(params.description) ?? null,
      metadata: mergeMetadata({}, params.metadata),
      invoice_settings: { default_payment_method: str(obj(params.invoice_settings).default_payment_method) ?? null },
      livemode: false,
    });
  }

  update(id: string, params: FormObject): StripeObject {
    const customer = this.store.mustGet('customers', id);
    if (params.email !== undefined) customer.email = str(params.email) || null;
    if (params.name !== undefined) customer.name = str(params.name) || null;
    customer.metadata = mergeMetadata(customer.metadata, params.metadata);
    const pm = str(obj(params.invoice_settings).default_payment_method);
    if (pm !== undefined) customer.invoice_settings = { ...customer.invoice_settings, default_payment_method: pm || null };
    return customer;
  }
}
