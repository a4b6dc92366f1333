import { invalidRequest, missingParam } from './api-error';
import { FormObject } from './form-encoding';
import { bool, int, list, mergeMetadata, obj, str } from './params';
import { newId, now, StripeObject } from './stripe-object';
import { Store } from './store';

/** Products and prices, with lookup keys and `price_data` / `product_data` made inline. */
export class Catalogue {
  constructor(private readonly store: Store) {}

  createProduct(params: FormObject): StripeObject {
    const name = str(params.name);
    if (!name) throw missingParam('name');
    return this.store.insert('products', {
      id: str(params.id) || newId('prod'),
      object: 'product',
      created: now(),
      name,
      description: str(params.description) ?? null,
      active: bool(params.active) ?? true,
      metadata: mergeMetadata({}, params.metadata),
      livemode: false,
    });
  }

  createPrice(params: FormObject, param = 'product'): StripeObject {
    const currency = (str(params.currency) ?? '').toLowerCase();
    if (!/^[a-z]{3}$/.test(currency)) throw missingParam('currency');
    const unitAmount = int(params.unit_amount, 'unit_amount');
    if (unitAmount === undefined) throw missingParam('unit_amount');
    const recurring = params.recurring === undefined ? null : obj(params.recurring);
    const interval = recurring ? str(recurring.interval) : undefined;
    if (recurring && !['day', 'week', 'month', 'year'].includes(interval ?? '')) {
      throw invalidRequest('Invalid recurring[interval].', 'parameter_invalid_string', 'recurring[interval]');
    }
    const lookupKey = str(params.lookup_key) ?? null;
    if (lookupKey) {
      for (const other of this.store.collection('prices').values()) {
        if (other.lookup_key !== lookupKey) continue;
        if (str(params.transfer_lookup_key) !== 'true') {
          throw invalidRequest(`A price (\`${other.id}\`) already uses that lookup key.`, 'lookup_key_exists', 'lookup_key');
        }
        other.lookup_key = null;
      }
    }
    return this.store.insert('prices', {
      id: newId('price'),
      object: 'price',
      created: now(),
      active: bool(params.active) ?? true,
      currency,
      unit_amount: unitAmount,
      unit_amount_decimal: String(unitAmount),
      product: this.productFrom(params, param),
      recurring: recurring
        ? { interval, interval_count: int(recurring.interval_count, 'recurring[interval_count]', { min: 1 }) ?? 1, usage_type: 'licensed' }
        : null,
      type: recurring ? 'recurring' : 'one_time',
      lookup_key: lookupKey,
      nickname: str(params.nickname) ?? null,
      metadata: mergeMetadata({}, params.metadata),
      livemode: false,
    });
  }

  /** `GET /v1/prices`'s filter: lookup keys, active, product. */
  priceFilter(params: FormObject): (price: StripeObject) => boolean {
    const keys = list(params.lookup_keys).map(String);
    const active = bool(params.active);
    const product = str(params.product);
    return (p) =>
      (!keys.length || keys.includes(p.lookup_key)) && (active === undefined || p.active === active) && (!product || p.product === product);
  }

  /** A line item's price: an existing one, or one made from `price_data`. */
  priceOf(item: FormObject, param: string): StripeObject {
    const priceId = str(item.price);
    if (priceId) return this.store.mustGet('prices', priceId, `${param}[price]`);
    if (item.price_data === undefined) throw missingParam(`${param}[price]`);
    return this.createPrice(obj(item.price_data), `${param}[price_data][product_data]`);
  }

  private productFrom(params: FormObject, param: string): string {
    const product = str(params.product);
    if (product) {
      this.store.mustGet('products', product);
      return product;
    }
    const data = obj(params.product_data);
    if (!str(data.name)) throw missingParam(param);
    return this.createProduct(data).id;
  }
}
