import { unknownRoute } from './api-error';
import { Catalogue } from './catalogue';
import { CheckoutSessions } from './checkout-sessions';
import { Customers } from './customers';
import { FormObject } from './form-encoding';
import { PaymentMethods } from './payment-methods';
import { int, list, str } from './params';
import { Refunds } from './refunds';
import { StripeObject } from './stripe-object';
import { Collection, Store } from './store';
import { Subscriptions } from './subscriptions';

export interface ApiResources {
  store: Store;
  customers: Customers;
  catalogue: Catalogue;
  paymentMethods: PaymentMethods;
  checkoutSessions: CheckoutSessions;
  subscriptions: Subscriptions;
  refunds: Refunds;
}

/** Stripe's `/v1/` routes this server knows, each answered as the API shows the object (with `expand`). */
export class ApiRoutes {
  constructor(private readonly r: ApiResources) {}

  route(method: string, path: string, params: FormObject): StripeObject {
    const { store } = this.r;
    const parts = path.split('/').slice(2); // after /v1/
    const expand = list(params.expand).map((e) => String(e));
    const view = (o: StripeObject) => this.expand(store.publicView(o), expand);
    const [resource, id, action] = parts;
    if (resource === 'checkout') return this.checkoutRoute(method, path, params, view);
    switch (`${method} ${resource}${id ? '/:id' : ''}${action ? `/${action}` : ''}`) {
      case 'POST customers':
        return view(this.r.customers.create(params));
      case 'GET customers/:id':
        return view(store.mustGet('customers', id));
      case 'POST customers/:id':
        return view(this.r.customers.update(id, params));
      case 'POST products':
        return view(this.r.catalogue.createProduct(params));
      case 'GET products/:id':
        return view(store.mustGet('products', id));
      case 'POST prices':
        return view(this.r.catalogue.createPrice(params));
      case 'GET prices/:id':
        return view(store.mustGet('prices', id));
      case 'GET prices':
        return this.listOf('prices', params, this.r.catalogue.priceFilter(params), expand);
      case 'POST payment_methods/:id/attach':
        return view(this.r.paymentMethods.attach(id, params));
      case 'GET payment_methods/:id':
        return view(this.r.paymentMethods.get(id));
      case 'POST subscriptions':
        return view(this.r.subscriptions.create(params));
      case 'GET subscriptions/:id':
        return view(store.mustGet('subscriptions', id));
      case 'POST subscriptions/:id':
        return view(this.r.subscriptions.update(id, params));
      case 'DELETE subscriptions/:id':
        return view(this.r.subscriptions.delete(id));
      case 'GET subscriptions': {
        const customer = str(params.customer);
        return this.listOf('subscriptions', params, (s) => !customer || s.customer === customer, expand);
      }
      case 'GET invoices/:id':
        return view(store.mustGet('invoices', id));
      case 'GET payment_intents/:id':
        return view(store.mustGet('payment_intents', id));
      case 'GET charges/:id':
        return view(store.mustGet('charges', id));
      case 'POST refunds':
        return view(this.r.refunds.create(params));
      case 'GET refunds/:id':
        return view(store.mustGet('refunds', id));
      case 'GET events/:id':
        return view(store.mustGet('events', id));
      case 'GET events': {
        const type = str(params.type);
        return this.listOf('events', params, (e) => !type || e.type === type);
      }
      default:
        throw unknownRoute(method, path);
    }
  }

  private checkoutRoute(method: string, path: string, params: FormObject, view: (o: StripeObject) => StripeObject): StripeObject {
    const [, kind, sessionId, action] = path.split('/').slice(2);
    if (kind !== 'sessions') throw unknownRoute(method, path);
    if (method === 'POST' && !sessionId) return view(this.r.checkoutSessions.create(params));
    if (method === 'GET' && sessionId && !action) return view(this.r.store.mustGet('checkout_sessions', sessionId));
    if (method === 'POST' && sessionId && action === 'expire') return view(this.r.checkoutSessions.expire(sessionId));
    if (method === 'GET' && !sessionId) return this.listOf('checkout_sessions', params, () => true);
    throw unknownRoute(method, path);
  }

  /** A page of a collection, newest first, as Stripe lists (`limit` up to 100, `has_more`). */
  private listOf(collection: Collection, params: FormObject, filter: (o: StripeObject) => boolean, expand: string[] = []): StripeObject {
    const { store } = this.r;
    const limit = Math.min(int(params.limit, 'limit', { min: 1 }) ?? 10, 100);
    const all = [...store.collection(collection).values()].filter(filter).sort((a, b) => b.created - a.created || b._seq - a._seq);
    const data = all.slice(0, limit).map((o) =>
      this.expand(
        store.publicView(o),
        expand.map((e) => e.replace(/^data\./, '')),
      ),
    );
    return { object: 'list', data, has_more: all.length > limit, url: `/v1/${collection.replace('_', '/')}` };
  }

  /** Replaces ids named in `expand` by their objects (`line_items` of a session from its own items). */
  private expand(object: StripeObject, paths: string[]): StripeObject {
    const { store } = this.r;
    for (const path of paths) {
      const [head, ...rest] = path.split('.');
      if (head === 'line_items' && object.object === 'checkout.session') {
        const session = store.mustGet('checkout_sessions', object.id);
        object.line_items = {
          object: 'list',
          data: (session._line_items as StripeObject[]).map((li) => ({
            ...li,
            price: store.publicView(store.mustGet('prices', li.price)),
          })),
          has_more: false,
        };
        continue;
      }
      const value = object[head];
      if (typeof value !== 'string') continue;
      const target = store.lookup(value);
      if (target) object[head] = this.expand(store.publicView(target), rest.length ? [rest.join('.')] : []);
    }
    return object;
  }
}
