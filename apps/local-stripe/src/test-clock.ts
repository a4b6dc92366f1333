import { invalidRequest, unknownRoute } from './api-error';
import { EventLog } from './events';
import { Invoices } from './invoices';
import { StripeObject } from './stripe-object';
import { Store } from './store';
import { Subscriptions } from './subscriptions';

/**
 * What happens to a subscription over time, on demand: a renewal paid or failed, a period's end.
 * Each answers the subscription as the API shows it.
 */
export class TestClock {
  constructor(
    private readonly store: Store,
    private readonly events: EventLog,
    private readonly subscriptions: Subscriptions,
    private readonly invoices: Invoices,
    private readonly onChange: () => void,
  ) {}

  /** The next period is charged successfully (invoice.paid, customer.subscription.updated). */
  renew(id: string): StripeObject {
    const sub = this.store.mustGet('subscriptions', id);
    if (sub.status === 'canceled') throw invalidRequest('The subscription is canceled.');
    if (sub.cancel_at_period_end) return this.endPeriod(id);
    const previous = this.store.snapshot(sub, ['status', 'latest_invoice']);
    this.subscriptions.advancePeriod(sub);
    if (sub.pause_collection) {
      // Collection paused: the period goes on and nothing is charged.
      this.events.emit('customer.subscription.updated', sub, previous);
      this.onChange();
      return this.store.publicView(sub);
    }
    const invoice = this.invoices.create(sub, 'subscription_cycle', true);
    sub.latest_invoice = invoice.id;
    sub.status = 'active';
    this.events.emit('invoice.paid', invoice);
    this.events.emit('customer.subscription.updated', sub, previous);
    this.onChange();
    return this.store.publicView(sub);
  }

  /** The renewal charge fails (invoice.payment_failed, the subscription past_due). */
  failRenewal(id: string): StripeObject {
    const sub = this.store.mustGet('subscriptions', id);
    const previous = this.store.snapshot(sub, ['status', 'latest_invoice']);
    this.subscriptions.advancePeriod(sub);
    const invoice = this.invoices.create(sub, 'subscription_cycle', false);
    sub.latest_invoice = invoice.id;
    sub.status = 'past_due';
    this.events.emit('invoice.payment_failed', invoice);
    this.events.emit('customer.subscription.updated', sub, previous);
    this.onChange();
    return this.store.publicView(sub);
  }

  /** The period ends: a subscription set to cancel is deleted, any other renews. */
  endPeriod(id: string): StripeObject {
    const sub = this.store.mustGet('subscriptions', id);
    if (!sub.cancel_at_period_end) return this.renew(id);
    this.subscriptions.cancel(sub);
    this.onChange();
    return this.store.publicView(sub);
  }

  /** `POST /_local/subscriptions/<id>/renew|fail_renewal|end_period`, for runs outside tests. */
  control(method: string, path: string): StripeObject {
    const [, , resource, id, action] = path.split('/');
    if (method !== 'POST' || resource !== 'subscriptions' || !id) throw unknownRoute(method, path);
    if (action === 'renew') return this.renew(id);
    if (action === 'fail_renewal') return this.failRenewal(id);
    if (action === 'end_period') return this.endPeriod(id);
    throw unknownRoute(method, path);
  }
}
