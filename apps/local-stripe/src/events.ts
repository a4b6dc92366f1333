import { API_VERSION, newId, now, StripeObject } from './stripe-object';
import { Store } from './store';

/** Records events as Stripe shapes them (a copy of the object as it is now) and hands each to delivery. */
export class EventLog {
  constructor(
    private readonly store: Store,
    private readonly deliver: (eventId: string) => void,
  ) {}

  emit(type: string, object: StripeObject, previous?: StripeObject): void {
    const event = this.store.insert('events', {
      id: newId('evt'),
      object: 'event',
      api_version: API_VERSION,
      created: now(),
      type,
      data: previous ? { object: this.store.publicView(object), previous_attributes: previous } : { object: this.store.publicView(object) },
      livemode: false,
      pending_webhooks: 1,
      request: { id: null, idempotency_key: null },
    });
    this.deliver(event.id);
  }

  /** Every event created so far, oldest first, as the API shows them. */
  list(type?: string): StripeObject[] {
    const all = [...this.store.collection('events').values()].sort((a, b) => a.created - b.created || a._seq - b._seq);
    return (type ? all.filter((e) => e.type === type) : all).map((e) => this.store.publicView(e));
  }
}
