import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import pino from 'pino';
import { ApiRoutes } from './api-routes';
import { Catalogue } from './catalogue';
import { checkoutPage } from './checkout-page';
import { CheckoutSessions } from './checkout-sessions';
import { Customers } from './customers';
import { EventLog } from './events';
import { requestHandler } from './http';
import { Invoices } from './invoices';
import { PaymentIntents } from './payment-intents';
import { PaymentMethods } from './payment-methods';
import { StateFile } from './persistence';
import { Refunds } from './refunds';
import { now, StripeObject } from './stripe-object';
import { Store } from './store';
import { Subscriptions } from './subscriptions';
import { TestClock } from './test-clock';
import { WebhookDelivery, WebhookSender } from './webhooks';

export type { WebhookDelivery };

export interface LocalStripeOptions {
  port?: number;
  host?: string;
  secretKey: string;
  webhookSecret: string;
  /** Where events are POSTed; may be set later with `setWebhookUrl` (events wait until then). */
  webhookUrl?: string | null;
  /** Base of the checkout page URLs; defaults to the server's own address. */
  publicUrl?: string;
  /** Mirror of the state, so `npm start` keeps it across restarts. */
  dataFile?: string;
  /** Delays between delivery attempts of one event (Stripe: up to three days). */
  webhookRetryDelaysMs?: number[];
  logger?: Logger;
}

/**
 * A Stripe stand-in for local runs and tests: the subset of Stripe's REST API the payment service
 * calls (form-encoded requests, JSON objects with Stripe's ids and shapes), a checkout page that
 * completes the payment when opened, and webhooks signed as Stripe signs them, retried like
 * Stripe retries them. State lives in memory, optionally mirrored to a JSON file.
 *
 * Composed here: one store, a class per resource working on it, the HTTP front, the event log
 * and webhook delivery, the test clock and the state file.
 */
export class LocalStripe {
  private readonly store = new Store();
  private readonly logger: Logger;
  private readonly stateFile: StateFile | null;
  private readonly webhooks: WebhookSender;
  private readonly eventLog: EventLog;
  private readonly clock: TestClock;
  private readonly routes: ApiRoutes;
  private readonly checkout: CheckoutSessions;
  private server: Server | null = null;
  private baseUrl = '';

  private constructor(private readonly options: LocalStripeOptions) {
    this.logger = options.logger ?? pino({ level: 'silent' });
    this.stateFile = options.dataFile ? new StateFile(options.dataFile, this.store, this.logger) : null;
    this.stateFile?.load();
    const store = this.store;
    const persist = () => this.stateFile?.schedule();
    const publicUrl = () => options.publicUrl ?? this.baseUrl;
    this.webhooks = new WebhookSender(store, {
      secret: options.webhookSecret,
      url: options.webhookUrl ?? null,
      retryDelaysMs: options.webhookRetryDelaysMs,
      logger: this.logger,
      onChange: persist,
    });
    const events = (this.eventLog = new EventLog(store, (id) => this.webhooks.send(id)));
    const customers = new Customers(store);
    const catalogue = new Catalogue(store);
    const paymentMethods = new PaymentMethods(store);
    const intents = new PaymentIntents(store);
    const invoices = new Invoices(store, intents, publicUrl);
    const subscriptions = new Subscriptions(store, events, catalogue, paymentMethods, invoices);
    const refunds = new Refunds(store, events);
    this.checkout = new CheckoutSessions({
      store,
      events,
      catalogue,
      customers,
      paymentMethods,
      intents,
      subscriptions,
      invoices,
      publicUrl,
    });
    this.clock = new TestClock(store, events, subscriptions, invoices, persist);
    this.routes = new ApiRoutes({ store, customers, catalogue, paymentMethods, checkoutSessions: this.checkout, subscriptions, refunds });
  }

  static async start(options: LocalStripeOptions): Promise<LocalStripe> {
    const stripe = new LocalStripe(options);
    await stripe.listen();
    return stripe;
  }

  /** `http://host:port` of the API (what the SDK's host/port/protocol point at). */
  get url(): string {
    return this.baseUrl;
  }

  get port(): number {
    return (this.server?.address() as AddressInfo).port;
  }

  /** Every delivery attempt, newest last (tests and the operator read it). */
  get deliveries(): WebhookDelivery[] {
    return this.webhooks.deliveries;
  }

  /** Points webhook delivery at `url` and sends what waited for it. */
  setWebhookUrl(url: string | null): void {
    this.webhooks.setUrl(url);
  }

  async close(): Promise<void> {
    this.webhooks.stop();
    this.stateFile?.flush();
    const server = this.server;
    this.server = null;
    if (server) {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  }

  /** Every event created so far, oldest first. */
  events(type?: string): StripeObject[] {
    return this.eventLog.list(type);
  }

  /** A stored object by id (a copy), or undefined. */
  find(id: string): StripeObject | undefined {
    const found = this.store.lookup(id);
    return found ? this.store.publicView(found) : undefined;
  }

  /** Signs a payload as Stripe signs webhooks: `t=<ts>,v1=HMAC-SHA256(secret, "<ts>.<payload>")`. */
  sign(payload: string, timestamp = now()): string {
    return this.webhooks.sign(payload, timestamp);
  }

  /** Sends an existing event again, as the Dashboard's "resend" does. */
  resend(eventId: string): void {
    if (!this.store.collection('events').has(eventId)) throw new Error(`no event ${eventId}`);
    this.webhooks.send(eventId);
  }

  // ---- test clock: what happens to a subscription over time ----

  /** The next period is charged successfully (invoice.paid, customer.subscription.updated). */
  renewSubscription(id: string): StripeObject {
    return this.clock.renew(id);
  }

  /** The renewal charge fails (invoice.payment_failed, the subscription past_due). */
  failSubscriptionRenewal(id: string): StripeObject {
    return this.clock.failRenewal(id);
  }

  /** The period ends: a subscription set to cancel is deleted, any other renews. */
  endSubscriptionPeriod(id: string): StripeObject {
    return this.clock.endPeriod(id);
  }

  private listen(): Promise<void> {
    const handle = requestHandler({
      secretKey: this.options.secretKey,
      logger: this.logger,
      api: (method, path, params) => this.routes.route(method, path, params),
      checkoutPage: checkoutPage(this.store, this.checkout, () => this.stateFile?.schedule()),
      control: (method, path) => this.clock.control(method, path),
      onChange: () => this.stateFile?.schedule(),
    });
    const server = createServer((req, res) => void handle(req, res));
    this.server = server;
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.options.port ?? 0, this.options.host ?? '127.0.0.1', () => {
        server.off('error', reject);
        const address = server.address() as AddressInfo;
        this.baseUrl = `http://${address.address.includes(':') ? `[${address.address}]` : address.address}:${address.port}`;
        resolve();
      });
    });
  }
}

/** Starts a local Stripe (tests call this, then `setWebhookUrl` once the gateway listens). */
export function startLocalStripe(options: LocalStripeOptions): Promise<LocalStripe> {
  return LocalStripe.start(options);
}
