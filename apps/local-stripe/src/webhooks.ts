import type { Logger } from 'pino';
import Stripe from 'stripe';
import { now } from './stripe-object';
import { Store } from './store';

export interface WebhookDelivery {
  event_id: string;
  type: string;
  attempt: number;
  status: number | null;
  at: number;
}

export interface WebhookOptions {
  secret: string;
  url: string | null;
  /** Delays between delivery attempts of one event (Stripe: up to three days). */
  retryDelaysMs?: number[];
  logger: Logger;
  /** Called when an event's delivery changed what the store holds. */
  onChange: () => void;
}

const STRIPE_RETRY_DELAYS_MS = [60_000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000];

/**
 * Posts events, in order, to the webhook URL, signed as Stripe signs them; one not accepted is
 * retried later on Stripe's schedule without holding up the rest.
 */
export class WebhookSender {
  private readonly queue: string[] = [];
  private readonly pendingRetries = new Set<NodeJS.Timeout>();
  private readonly signer = new Stripe('sk_test_signer_only');
  private url: string | null;
  private delivering = false;
  private running = true;
  /** Every delivery attempt, newest last (tests and the operator read it). */
  readonly deliveries: WebhookDelivery[] = [];

  constructor(
    private readonly store: Store,
    private readonly options: WebhookOptions,
  ) {
    this.url = options.url;
  }

  /** Signs a payload as Stripe signs webhooks: `t=<ts>,v1=HMAC-SHA256(secret, "<ts>.<payload>")`. */
  sign(payload: string, timestamp = now()): string {
    return this.signer.webhooks.generateTestHeaderString({ payload, secret: this.options.secret, timestamp });
  }

  /** Points delivery at `url` and sends what waited for it. */
  setUrl(url: string | null): void {
    this.url = url;
    void this.drain();
  }

  send(eventId: string): void {
    this.queue.push(eventId);
    void this.drain();
  }

  /** Stops delivering: retries are dropped, queued events stay unsent. */
  stop(): void {
    for (const timer of this.pendingRetries) clearTimeout(timer);
    this.pendingRetries.clear();
    this.running = false;
  }

  private async drain(): Promise<void> {
    if (this.delivering || !this.url) return;
    this.delivering = true;
    try {
      while (this.queue.length && this.url && this.running) {
        const id = this.queue.shift() as string;
        await this.deliver(id, 1);
      }
    } finally {
      this.delivering = false;
    }
  }

  private async deliver(eventId: string, attempt: number): Promise<void> {
    const event = this.store.collection('events').get(eventId);
    const url = this.url;
    if (!event || !url || !this.running) return;
    const payload = JSON.stringify(this.store.publicView(event), null, 2);
    let status: number | null = null;
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json; charset=utf-8',
          'Stripe-Signature': this.sign(payload),
          'User-Agent': 'Stripe/1.0 (+https://stripe.com/docs/webhooks)',
        },
        body: payload,
        signal: AbortSignal.timeout(10_000),
      });
      status = response.status;
      await response.arrayBuffer().catch(() => undefined);
    } catch (error) {
      this.options.logger.warn({ event_id: eventId, err: String(error) }, 'webhook delivery failed');
    }
    this.deliveries.push({ event_id: eventId, type: event.type, attempt, status, at: Date.now() });
    if (this.deliveries.length > 1000) this.deliveries.splice(0, this.deliveries.length - 1000);
    if (status !== null && status >= 200 && status < 300) {
      event.pending_webhooks = 0;
      this.options.onChange();
      return;
    }
    const delays = this.options.retryDelaysMs ?? STRIPE_RETRY_DELAYS_MS;
    if (attempt > delays.length) {
      this.options.logger.error({ event_id: eventId, type: event.type, attempts: attempt }, 'webhook given up');
      return;
    }
    this.options.logger.warn({ event_id: eventId, type: event.type, status, attempt }, 'webhook not accepted; will retry');
    const timer = setTimeout(
      () => {
        this.pendingRetries.delete(timer);
        void this.deliver(eventId, attempt + 1);
      },
      delays[attempt - 1],
    );
    timer.unref();
    this.pendingRetries.add(timer);
  }
}
