import { ApiError } from './api-error';
import { completeObjects } from './full-objects';
import { StripeObject } from './stripe-object';

export const COLLECTIONS = [
  'customers',
  'products',
  'prices',
  'checkout_sessions',
  'subscriptions',
  'invoices',
  'payment_intents',
  'charges',
  'refunds',
  'payment_methods',
  'events',
] as const;
export type Collection = (typeof COLLECTIONS)[number];

const ID_PREFIXES: Record<string, Collection> = {
  cus: 'customers',
  prod: 'products',
  price: 'prices',
  cs: 'checkout_sessions',
  sub: 'subscriptions',
  in: 'invoices',
  pi: 'payment_intents',
  ch: 'charges',
  re: 'refunds',
  pm: 'payment_methods',
  evt: 'events',
};

const OBJECT_NAMES: Record<Collection, string> = {
  customers: 'customer',
  products: 'product',
  prices: 'price',
  checkout_sessions: 'checkout.session',
  subscriptions: 'subscription',
  invoices: 'invoice',
  payment_intents: 'payment_intent',
  charges: 'charge',
  refunds: 'refund',
  payment_methods: 'payment_method',
  events: 'event',
};

/** What the state file holds: every collection's objects, and the insertion counter. */
export type StoreDump = { sequence: number } & Record<Collection, StripeObject[]>;

/**
 * Every object by collection and id. Fields starting with `_` are this server's own (insertion
 * order, a session's line items) and never reach a client.
 */
export class Store {
  private readonly state = new Map<Collection, Map<string, StripeObject>>(COLLECTIONS.map((c) => [c, new Map()]));
  private sequence = 0;

  collection(name: Collection): Map<string, StripeObject> {
    return this.state.get(name) as Map<string, StripeObject>;
  }

  insert(name: Collection, object: StripeObject): StripeObject {
    object._seq = ++this.sequence;
    this.collection(name).set(object.id, object);
    return object;
  }

  /** Any object by its id, the collection told by the id's prefix. */
  lookup(id: string): StripeObject | undefined {
    const collection = ID_PREFIXES[id.split('_')[0]];
    return collection ? this.collection(collection).get(id) : undefined;
  }

  mustGet(name: Collection, id: string, param = 'id'): StripeObject {
    const found = this.collection(name).get(id);
    if (!found) throw new ApiError(404, 'invalid_request_error', `No such ${OBJECT_NAMES[name]}: '${id}'`, 'resource_missing', param);
    return found;
  }

  /**
   * The object as the API shows it: internal fields dropped, ids of prices inside items expanded,
   * the fields this server does not model filled in.
   */
  publicView(object: StripeObject): StripeObject {
    const copy: StripeObject = JSON.parse(JSON.stringify(object, (key, value) => (key.startsWith('_') ? undefined : value)));
    if (copy.object === 'subscription') {
      for (const item of copy.items.data as StripeObject[]) item.price = this.publicView(this.mustGet('prices', item.price));
    }
    completeObjects(copy);
    return copy;
  }

  /** A deep copy of some fields, for an event's `previous_attributes`. */
  snapshot(object: StripeObject, fields: string[]): StripeObject {
    return JSON.parse(JSON.stringify(Object.fromEntries(fields.map((f) => [f, object[f]]))));
  }

  dump(): StoreDump {
    const data = Object.fromEntries(COLLECTIONS.map((c) => [c, [...this.collection(c).values()]])) as Record<Collection, StripeObject[]>;
    return { sequence: this.sequence, ...data };
  }

  restore(data: Partial<StoreDump>): void {
    for (const name of COLLECTIONS) for (const object of data[name] ?? []) this.collection(name).set(object.id, object);
    this.sequence = Number(data.sequence ?? 0);
  }
}
