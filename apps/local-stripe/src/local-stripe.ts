import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { dirname } from 'node:path';
import type { Logger } from 'pino';
import pino from 'pino';
import Stripe from 'stripe';
import { decodeForm, FormObject, FormValue } from './form-encoding';

/**
 * A Stripe stand-in for local runs and tests: the subset of Stripe's REST API the payment service
 * calls (form-encoded requests, JSON objects with Stripe's ids and shapes), a checkout page that
 * completes the payment when opened, and webhooks signed as Stripe signs them, retried like
 * Stripe retries them. State lives in memory, optionally mirrored to a JSON file.
 */
// Stripe objects are open-ended JSON; this server builds and patches them field by field.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type StripeObject = Record<string, any>;

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

export interface WebhookDelivery {
  event_id: string;
  type: string;
  attempt: number;
  status: number | null;
  at: number;
}

class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly type: string,
    message: string,
    readonly code?: string,
    readonly param?: string,
  ) {
    super(message);
  }
}

const COLLECTIONS = [
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
type Collection = (typeof COLLECTIONS)[number];

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

/** Currencies Stripe counts in whole units (amounts are not multiplied by 100). */
const ZERO_DECIMAL = new Set([
  'bif',
  'clp',
  'djf',
  'gnf',
  'jpy',
  'kmf',
  'krw',
  'mga',
  'pyg',
  'rwf',
  'ugx',
  'vnd',
  'vuv',
  'xaf',
  'xof',
  'xpf',
]);

/** Test payment methods that Stripe declines. */
const DECLINING_METHODS = new Set(['pm_card_chargeDeclined', 'pm_card_visa_chargeDeclined', 'pm_card_chargeDeclinedInsufficientFunds']);

const API_VERSION = '2026-10-28.endive';

function newId(prefix: string, test = false): string {
  return `${prefix}_${test ? 'test_' : ''}${randomBytes(18).toString('base64url').replace(/[-_]/g, 'x')}`;
}

function now(): number {
  return Math.floor(Date.now() / 1000);
}

function str(value: FormValue | undefined): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function obj(value: FormValue | undefined): FormObject {
  return value && typeof value === 'object' && !Array.isArray(value) ? value : {};
}

function list(value: FormValue | undefined): FormValue[] {
  if (Array.isArray(value)) return value;
  if (value && typeof value === 'object') return Object.values(value);
  return value === undefined ? [] : [value];
}

function int(value: FormValue | undefined, param: string, { min = 0 } = {}): number | undefined {
  if (value === undefined || value === '') return undefined;
  const text = str(value);
  if (text === undefined || !/^-?\d+$/.test(text))
    throw new ApiError(400, 'invalid_request_error', `Invalid integer: ${String(text)}`, 'parameter_invalid_integer', param);
  const n = Number(text);
  if (n < min)
    throw new ApiError(
      400,
      'invalid_request_error',
      `This value must be greater than or equal to ${min}.`,
      'parameter_invalid_integer',
      param,
    );
  return n;
}

function bool(value: FormValue | undefined): boolean | undefined {
  if (value === undefined) return undefined;
  return str(value) === 'true';
}

/** Stripe's metadata update rules: a key set to '' is removed. */
function mergeMetadata(current: Record<string, string>, update: FormValue | undefined): Record<string, string> {
  if (update === undefined) return current;
  if (str(update) === '') return {};
  const next = { ...current };
  for (const [key, value] of Object.entries(obj(update))) {
    const text = str(value) ?? '';
    if (text === '') delete next[key];
    else next[key] = text;
  }
  return next;
}

function addInterval(from: number, interval: string, count = 1): number {
  const date = new Date(from * 1000);
  if (interval === 'year') date.setUTCFullYear(date.getUTCFullYear() + count);
  else if (interval === 'week') date.setUTCDate(date.getUTCDate() + 7 * count);
  else if (interval === 'day') date.setUTCDate(date.getUTCDate() + count);
  else date.setUTCMonth(date.getUTCMonth() + count);
  return Math.floor(date.getTime() / 1000);
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
}

function formatAmount(amount: number, currency: string): string {
  const whole = ZERO_DECIMAL.has(currency) ? amount : amount / 100;
  return `${currency.toUpperCase()} ${whole.toLocaleString('en-US')}`;
}

export class LocalStripe {
  private readonly state = new Map<Collection, Map<string, StripeObject>>(COLLECTIONS.map((c) => [c, new Map()]));
  private readonly idempotent = new Map<string, { status: number; body: string; at: number }>();
  private readonly queue: string[] = [];
  private readonly pendingRetries = new Set<NodeJS.Timeout>();
  private readonly signer = new Stripe('sk_test_signer_only');
  private readonly logger: Logger;
  private server: Server | null = null;
  private webhookUrl: string | null;
  private delivering = false;
  private saveTimer: NodeJS.Timeout | null = null;
  private baseUrl = '';
  /** Every delivery attempt, newest last (tests and the operator read it). */
  readonly deliveries: WebhookDelivery[] = [];

  private constructor(private readonly options: LocalStripeOptions) {
    this.webhookUrl = options.webhookUrl ?? null;
    this.logger = options.logger ?? pino({ level: 'silent' });
    if (options.dataFile) this.load(options.dataFile);
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

  /** Points webhook delivery at `url` and sends what waited for it. */
  setWebhookUrl(url: string | null): void {
    this.webhookUrl = url;
    void this.drain();
  }

  async close(): Promise<void> {
    for (const timer of this.pendingRetries) clearTimeout(timer);
    this.pendingRetries.clear();
    if (this.saveTimer) {
      clearTimeout(this.saveTimer);
      this.save();
    }
    const server = this.server;
    this.server = null;
    if (server) {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  }

  /** Every event created so far, oldest first. */
  events(type?: string): StripeObject[] {
    const all = [...this.collection('events').values()].sort((a, b) => a.created - b.created || a._seq - b._seq);
    return (type ? all.filter((e) => e.type === type) : all).map((e) => this.publicView(e));
  }

  /** A stored object by id (a copy), or undefined. */
  find(id: string): StripeObject | undefined {
    const found = this.lookup(id);
    return found ? this.publicView(found) : undefined;
  }

  /** Signs a payload as Stripe signs webhooks: `t=<ts>,v1=HMAC-SHA256(secret, "<ts>.<payload>")`. */
  sign(payload: string, timestamp = now()): string {
    return this.signer.webhooks.generateTestHeaderString({ payload, secret: this.options.webhookSecret, timestamp });
  }

  /** Sends an existing event again, as the Dashboard's "resend" does. */
  resend(eventId: string): void {
    if (!this.collection('events').has(eventId)) throw new Error(`no event ${eventId}`);
    this.queue.push(eventId);
    void this.drain();
  }

  // ---- test clock: what happens to a subscription over time ----

  /** The next period is charged successfully (invoice.paid, customer.subscription.updated). */
  renewSubscription(id: string): StripeObject {
    const sub = this.mustGet('subscriptions', id);
    if (sub.status === 'canceled') throw new ApiError(400, 'invalid_request_error', 'The subscription is canceled.');
    if (sub.cancel_at_period_end) return this.endSubscriptionPeriod(id);
    const previous = this.snapshot(sub, ['status', 'latest_invoice']);
    this.advancePeriod(sub);
    const invoice = this.createInvoice(sub, 'subscription_cycle', true);
    sub.latest_invoice = invoice.id;
    sub.status = 'active';
    this.emit('invoice.paid', invoice);
    this.emit('customer.subscription.updated', sub, previous);
    this.persist();
    return this.publicView(sub);
  }

  /** The renewal charge fails (invoice.payment_failed, the subscription past_due). */
  failSubscriptionRenewal(id: string): StripeObject {
    const sub = this.mustGet('subscriptions', id);
    const previous = this.snapshot(sub, ['status', 'latest_invoice']);
    this.advancePeriod(sub);
    const invoice = this.createInvoice(sub, 'subscription_cycle', false);
    sub.latest_invoice = invoice.id;
    sub.status = 'past_due';
    this.emit('invoice.payment_failed', invoice);
    this.emit('customer.subscription.updated', sub, previous);
    this.persist();
    return this.publicView(sub);
  }

  /** The period ends: a subscription set to cancel is deleted, any other renews. */
  endSubscriptionPeriod(id: string): StripeObject {
    const sub = this.mustGet('subscriptions', id);
    if (!sub.cancel_at_period_end) return this.renewSubscription(id);
    this.cancelSubscription(sub);
    this.persist();
    return this.publicView(sub);
  }

  // ---- HTTP ----

  private listen(): Promise<void> {
    const server = createServer((req, res) => void this.handle(req, res));
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

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      const url = new URL(req.url ?? '/', 'http://local');
      const body = await this.readBody(req);
      if (url.pathname === '/health') return void res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}');
      if (url.pathname.startsWith('/checkout/')) return this.checkoutPage(url, res);
      if (url.pathname.startsWith('/_local/')) return this.localControl(req.method ?? 'GET', url, res);
      if (!url.pathname.startsWith('/v1/'))
        throw new ApiError(404, 'invalid_request_error', `Unrecognized request URL (${req.method}: ${url.pathname}).`);
      this.authenticate(req);
      const method = req.method ?? 'GET';
      const params = method === 'GET' || method === 'DELETE' ? decodeForm(url.search.slice(1)) : decodeForm(body);
      if (method === 'DELETE' && body) Object.assign(params, decodeForm(body));
      const key = method === 'POST' ? req.headers['idempotency-key'] : undefined;
      const cacheKey = typeof key === 'string' && key ? `${method} ${url.pathname} ${key}` : null;
      const cached = cacheKey ? this.idempotent.get(cacheKey) : undefined;
      if (cached) {
        res.setHeader('Idempotent-Replayed', 'true');
        return this.sendRaw(res, cached.status, cached.body);
      }
      let status = 200;
      let payload: string;
      try {
        const result = this.route(method, url.pathname, params);
        payload = JSON.stringify(result, null, 2);
        this.persist();
      } catch (error) {
        if (!(error instanceof ApiError)) throw error;
        status = error.status;
        payload = JSON.stringify({ error: { type: error.type, message: error.message, code: error.code, param: error.param } });
      }
      // Stripe replays both successes and errors (other than 5xx) for the same key.
      if (cacheKey) this.idempotent.set(cacheKey, { status, body: payload, at: Date.now() });
      this.sendRaw(res, status, payload);
    } catch (error) {
      if (error instanceof ApiError) {
        return this.sendRaw(
          res,
          error.status,
          JSON.stringify({ error: { type: error.type, message: error.message, code: error.code, param: error.param } }),
        );
      }
      this.logger.error({ err: String(error) }, 'local stripe failed');
      this.sendRaw(res, 500, JSON.stringify({ error: { type: 'api_error', message: 'Local Stripe failed' } }));
    }
  }

  private readBody(req: IncomingMessage): Promise<string> {
    return new Promise((resolve, reject) => {
      const chunks: Buffer[] = [];
      let size = 0;
      req.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > 1024 * 1024) {
          reject(new ApiError(413, 'invalid_request_error', 'Request too large'));
          req.destroy();
          return;
        }
        chunks.push(chunk);
      });
      req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
      req.on('error', reject);
    });
  }

  private sendRaw(res: ServerResponse, status: number, body: string, contentType = 'application/json'): void {
    res.statusCode = status;
    res.setHeader('Content-Type', contentType);
    res.setHeader('Request-Id', newId('req'));
    res.setHeader('Stripe-Version', API_VERSION);
    res.end(body);
  }

  private authenticate(req: IncomingMessage): void {
    const header = req.headers.authorization ?? '';
    const key = header.startsWith('Bearer ')
      ? header.slice(7)
      : header.startsWith('Basic ')
        ? Buffer.from(header.slice(6), 'base64').toString().split(':')[0]
        : '';
    if (key !== this.options.secretKey) {
      throw new ApiError(401, 'invalid_request_error', `Invalid API Key provided: ${key ? `${key.slice(0, 8)}****` : '(none)'}`);
    }
  }

  private route(method: string, path: string, params: FormObject): StripeObject {
    const parts = path.split('/').slice(2); // after /v1/
    const expand = list(params.expand).map((e) => String(e));
    const view = (o: StripeObject) => this.expand(this.publicView(o), expand);
    const [resource, id, action] = parts;
    const key = `${method} ${resource}${parts[0] === 'checkout' ? `/${parts[1]}` : ''}`;
    if (resource === 'checkout') {
      const [, , sessionId, sessionAction] = parts;
      if (parts[1] !== 'sessions') throw this.unknownRoute(method, path);
      if (method === 'POST' && !sessionId) return view(this.createCheckoutSession(params));
      if (method === 'GET' && sessionId && !sessionAction) return view(this.mustGet('checkout_sessions', sessionId));
      if (method === 'POST' && sessionId && sessionAction === 'expire') return view(this.expireCheckoutSession(sessionId));
      if (method === 'GET' && !sessionId) return this.listOf('checkout_sessions', params, () => true);
      throw this.unknownRoute(method, path);
    }
    switch (`${key}${id ? '/:id' : ''}${action ? `/${action}` : ''}`) {
      case 'POST customers':
        return view(this.createCustomer(params));
      case 'GET customers/:id':
        return view(this.mustGet('customers', id));
      case 'POST customers/:id':
        return view(this.updateCustomer(id, params));
      case 'POST products':
        return view(this.createProduct(params));
      case 'GET products/:id':
        return view(this.mustGet('products', id));
      case 'POST prices':
        return view(this.createPrice(params));
      case 'GET prices/:id':
        return view(this.mustGet('prices', id));
      case 'GET prices': {
        const keys = list(params.lookup_keys).map(String);
        const active = bool(params.active);
        const product = str(params.product);
        return this.listOf(
          'prices',
          params,
          (p) =>
            (!keys.length || keys.includes(p.lookup_key)) &&
            (active === undefined || p.active === active) &&
            (!product || p.product === product),
          expand,
        );
      }
      case 'POST payment_methods/:id/attach':
        return view(this.attachPaymentMethod(id, params));
      case 'GET payment_methods/:id':
        return view(this.paymentMethod(id));
      case 'POST subscriptions':
        return view(this.createSubscription(params));
      case 'GET subscriptions/:id':
        return view(this.mustGet('subscriptions', id));
      case 'POST subscriptions/:id':
        return view(this.updateSubscription(id, params));
      case 'DELETE subscriptions/:id': {
        const sub = this.mustGet('subscriptions', id);
        if (sub.status === 'canceled')
          throw new ApiError(400, 'invalid_request_error', `No such subscription: '${id}'`, 'resource_missing', 'id');
        this.cancelSubscription(sub);
        return view(sub);
      }
      case 'GET subscriptions': {
        const customer = str(params.customer);
        return this.listOf('subscriptions', params, (s) => !customer || s.customer === customer, expand);
      }
      case 'GET invoices/:id':
        return view(this.mustGet('invoices', id));
      case 'GET payment_intents/:id':
        return view(this.mustGet('payment_intents', id));
      case 'GET charges/:id':
        return view(this.mustGet('charges', id));
      case 'POST refunds':
        return view(this.createRefund(params));
      case 'GET refunds/:id':
        return view(this.mustGet('refunds', id));
      case 'GET events/:id':
        return view(this.mustGet('events', id));
      case 'GET events': {
        const type = str(params.type);
        return this.listOf('events', params, (e) => !type || e.type === type);
      }
      default:
        throw this.unknownRoute(method, path);
    }
  }

  private unknownRoute(method: string, path: string): ApiError {
    return new ApiError(
      404,
      'invalid_request_error',
      `Unrecognized request URL (${method}: ${path}). This local Stripe serves only what the platform uses.`,
    );
  }

  private listOf(collection: Collection, params: FormObject, filter: (o: StripeObject) => boolean, expand: string[] = []): StripeObject {
    const limit = Math.min(int(params.limit, 'limit', { min: 1 }) ?? 10, 100);
    const all = [...this.collection(collection).values()].filter(filter).sort((a, b) => b.created - a.created || b._seq - a._seq);
    const data = all.slice(0, limit).map((o) =>
      this.expand(
        this.publicView(o),
        expand.map((e) => e.replace(/^data\./, '')),
      ),
    );
    return { object: 'list', data, has_more: all.length > limit, url: `/v1/${collection.replace('_', '/')}` };
  }

  // ---- the checkout page ----

  private checkoutPage(url: URL, res: ServerResponse): void {
    const [, , sessionId, action] = url.pathname.split('/');
    const session = this.collection('checkout_sessions').get(sessionId ?? '');
    const html = (status: number, title: string, text: string) =>
      this.sendRaw(
        res,
        status,
        `<!doctype html><html><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head><body><h1>${escapeHtml(title)}</h1><p>${escapeHtml(text)}</p></body></html>`,
        'text/html; charset=utf-8',
      );
    if (!session) return html(404, 'Checkout not found', 'This checkout session does not exist.');
    const redirect = (target: string | null) => {
      if (!target) return html(200, 'Payment complete', 'You may close this page.');
      res.statusCode = 303;
      res.setHeader('Location', target.replace('{CHECKOUT_SESSION_ID}', session.id));
      res.setHeader('Content-Type', 'text/html; charset=utf-8');
      res.end(`<!doctype html><a href="${escapeHtml(target)}">Continue</a>`);
    };
    if (action === 'cancel') return redirect(session.cancel_url);
    if (session.status === 'expired') return html(410, 'Checkout expired', 'This checkout session has expired.');
    if (session.status === 'complete') return redirect(session.success_url);
    if (url.searchParams.get('outcome') === 'decline') {
      this.declineCheckout(session);
      this.persist();
      return html(402, 'Payment declined', 'Your card was declined.');
    }
    this.completeCheckout(session);
    this.persist();
    return redirect(session.success_url);
  }

  private localControl(method: string, url: URL, res: ServerResponse): void {
    const [, , resource, id, action] = url.pathname.split('/');
    if (method !== 'POST' || resource !== 'subscriptions' || !id) throw this.unknownRoute(method, url.pathname);
    const result =
      action === 'renew'
        ? this.renewSubscription(id)
        : action === 'fail_renewal'
          ? this.failSubscriptionRenewal(id)
          : action === 'end_period'
            ? this.endSubscriptionPeriod(id)
            : undefined;
    if (!result) throw this.unknownRoute(method, url.pathname);
    this.sendRaw(res, 200, JSON.stringify(result, null, 2));
  }

  // ---- resources ----

  private createCustomer(params: FormObject): StripeObject {
    return this.insert('customers', {
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

  private updateCustomer(id: string, params: FormObject): StripeObject {
    const customer = this.mustGet('customers', id);
    if (params.email !== undefined) customer.email = str(params.email) || null;
    if (params.name !== undefined) customer.name = str(params.name) || null;
    customer.metadata = mergeMetadata(customer.metadata, params.metadata);
    const pm = str(obj(params.invoice_settings).default_payment_method);
    if (pm !== undefined) customer.invoice_settings = { ...customer.invoice_settings, default_payment_method: pm || null };
    return customer;
  }

  private createProduct(params: FormObject): StripeObject {
    const name = str(params.name);
    if (!name) throw new ApiError(400, 'invalid_request_error', 'Missing required param: name.', 'parameter_missing', 'name');
    return this.insert('products', {
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

  private productFrom(params: FormObject, param: string): string {
    const product = str(params.product);
    if (product) {
      this.mustGet('products', product);
      return product;
    }
    const data = obj(params.product_data);
    if (!str(data.name)) throw new ApiError(400, 'invalid_request_error', `Missing required param: ${param}.`, 'parameter_missing', param);
    return this.createProduct(data).id;
  }

  private createPrice(params: FormObject, param = 'product'): StripeObject {
    const currency = (str(params.currency) ?? '').toLowerCase();
    if (!/^[a-z]{3}$/.test(currency))
      throw new ApiError(400, 'invalid_request_error', 'Missing required param: currency.', 'parameter_missing', 'currency');
    const unitAmount = int(params.unit_amount, 'unit_amount');
    if (unitAmount === undefined)
      throw new ApiError(400, 'invalid_request_error', 'Missing required param: unit_amount.', 'parameter_missing', 'unit_amount');
    const recurring = params.recurring === undefined ? null : obj(params.recurring);
    const interval = recurring ? str(recurring.interval) : undefined;
    if (recurring && !['day', 'week', 'month', 'year'].includes(interval ?? '')) {
      throw new ApiError(400, 'invalid_request_error', 'Invalid recurring[interval].', 'parameter_invalid_string', 'recurring[interval]');
    }
    const lookupKey = str(params.lookup_key) ?? null;
    if (lookupKey) {
      for (const other of this.collection('prices').values()) {
        if (other.lookup_key !== lookupKey) continue;
        if (str(params.transfer_lookup_key) !== 'true') {
          throw new ApiError(
            400,
            'invalid_request_error',
            `A price (\`${other.id}\`) already uses that lookup key.`,
            'lookup_key_exists',
            'lookup_key',
          );
        }
        other.lookup_key = null;
      }
    }
    return this.insert('prices', {
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

  /** A line item's price: an existing one, or one made from `price_data`. */
  private priceOf(item: FormObject, param: string): StripeObject {
    const priceId = str(item.price);
    if (priceId) return this.mustGet('prices', priceId, `${param}[price]`);
    if (item.price_data === undefined)
      throw new ApiError(400, 'invalid_request_error', `Missing required param: ${param}[price].`, 'parameter_missing', `${param}[price]`);
    return this.createPrice(obj(item.price_data), `${param}[price_data][product_data]`);
  }

  private paymentMethod(id: string): StripeObject {
    const existing = this.collection('payment_methods').get(id);
    if (existing) return existing;
    if (!/^pm_[A-Za-z0-9_]+$/.test(id))
      throw new ApiError(404, 'invalid_request_error', `No such PaymentMethod: '${id}'`, 'resource_missing', 'payment_method');
    // Stripe's test methods (pm_card_visa, ...) exist without being created.
    return this.insert('payment_methods', {
      id,
      object: 'payment_method',
      created: now(),
      type: 'card',
      card: { brand: 'visa', last4: DECLINING_METHODS.has(id) ? '0002' : '4242', exp_month: 12, exp_year: 2034 },
      customer: null,
      livemode: false,
    });
  }

  private attachPaymentMethod(id: string, params: FormObject): StripeObject {
    const customer = this.mustGet('customers', str(params.customer) ?? '', 'customer');
    const pm = this.paymentMethod(id);
    pm.customer = customer.id;
    return pm;
  }

  private createCheckoutSession(params: FormObject): StripeObject {
    const mode = str(params.mode);
    if (!mode || !['payment', 'subscription'].includes(mode)) {
      throw new ApiError(400, 'invalid_request_error', 'Missing required param: mode.', 'parameter_missing', 'mode');
    }
    const successUrl = str(params.success_url);
    if (!successUrl)
      throw new ApiError(400, 'invalid_request_error', 'Missing required param: success_url.', 'parameter_missing', 'success_url');
    const customer = str(params.customer) ?? null;
    if (customer) this.mustGet('customers', customer, 'customer');
    const rawItems = list(params.line_items);
    if (!rawItems.length)
      throw new ApiError(400, 'invalid_request_error', 'Missing required param: line_items.', 'parameter_missing', 'line_items');
    const lineItems = rawItems.map((raw, i) => {
      const item = obj(raw);
      const price = this.priceOf(item, `line_items[${i}]`);
      if (mode === 'subscription' && !price.recurring) {
        throw new ApiError(
          400,
          'invalid_request_error',
          'You must specify at least one recurring price in `subscription` mode.',
          undefined,
          `line_items[${i}]`,
        );
      }
      if (mode === 'payment' && price.recurring) {
        throw new ApiError(
          400,
          'invalid_request_error',
          'You can only use one-time prices in `payment` mode.',
          undefined,
          `line_items[${i}]`,
        );
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
    const currency = this.mustGet('prices', lineItems[0].price).currency as string;
    const amount = lineItems.reduce((sum, li) => sum + li.amount_total, 0);
    const id = newId('cs', true);
    const created = now();
    return this.insert('checkout_sessions', {
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
      url: `${this.options.publicUrl ?? this.baseUrl}/checkout/${id}`,
      subscription: null,
      payment_intent: null,
      invoice: null,
      livemode: false,
      _line_items: lineItems,
      _subscription_data: obj(params.subscription_data),
      _payment_intent_data: obj(params.payment_intent_data),
    });
  }

  private expireCheckoutSession(id: string): StripeObject {
    const session = this.mustGet('checkout_sessions', id);
    if (session.status !== 'open') {
      throw new ApiError(
        400,
        'invalid_request_error',
        `Only Checkout Sessions with a status of open can be expired. This Checkout Session has a status of ${session.status}.`,
      );
    }
    session.status = 'expired';
    this.emit('checkout.session.expired', session);
    return session;
  }

  private customerFor(session: StripeObject): string {
    if (session.customer) return session.customer;
    const customer = this.createCustomer({ email: session.customer_email ?? '' });
    session.customer = customer.id;
    return customer.id;
  }

  private completeCheckout(session: StripeObject): void {
    const customer = this.customerFor(session);
    const pm = this.paymentMethod('pm_card_visa');
    pm.customer = customer;
    if (session.mode === 'subscription') {
      const data = session._subscription_data as FormObject;
      const sub = this.newSubscription(customer, session._line_items as StripeObject[], mergeMetadata({}, data.metadata), pm.id);
      const invoice = this.createInvoice(sub, 'subscription_create', true);
      sub.latest_invoice = invoice.id;
      session.subscription = sub.id;
      session.invoice = invoice.id;
      session.status = 'complete';
      session.payment_status = 'paid';
      this.emit('customer.subscription.created', sub);
      this.emit('invoice.paid', invoice);
      this.emit('payment_intent.succeeded', this.mustGet('payment_intents', invoice._payment_intent));
      this.emit('checkout.session.completed', session);
      return;
    }
    const intent = session.payment_intent
      ? this.mustGet('payment_intents', session.payment_intent)
      : this.newPaymentIntent(session, customer);
    this.succeed(intent, pm.id);
    session.status = 'complete';
    session.payment_status = 'paid';
    this.emit('payment_intent.succeeded', intent);
    this.emit('charge.succeeded', this.mustGet('charges', intent.latest_charge));
    this.emit('checkout.session.completed', session);
  }

  private declineCheckout(session: StripeObject): void {
    if (session.mode !== 'payment') return;
    const customer = this.customerFor(session);
    const intent = session.payment_intent
      ? this.mustGet('payment_intents', session.payment_intent)
      : this.newPaymentIntent(session, customer);
    intent.status = 'requires_payment_method';
    intent.last_payment_error = {
      type: 'card_error',
      code: 'card_declined',
      decline_code: 'generic_decline',
      message: 'Your card was declined.',
    };
    this.emit('payment_intent.payment_failed', intent);
  }

  private newPaymentIntent(session: StripeObject, customer: string): StripeObject {
    const data = session._payment_intent_data as FormObject;
    const intent = this.insert('payment_intents', {
      id: newId('pi'),
      object: 'payment_intent',
      created: now(),
      amount: session.amount_total,
      amount_received: 0,
      currency: session.currency,
      customer,
      description: str(data.description) ?? null,
      metadata: mergeMetadata({}, data.metadata),
      status: 'requires_payment_method',
      latest_charge: null,
      last_payment_error: null,
      payment_method: null,
      livemode: false,
    });
    session.payment_intent = intent.id;
    return intent;
  }

  private succeed(intent: StripeObject, paymentMethod: string): void {
    const charge = this.insert('charges', {
      id: newId('ch'),
      object: 'charge',
      created: now(),
      amount: intent.amount,
      amount_captured: intent.amount,
      amount_refunded: 0,
      currency: intent.currency,
      customer: intent.customer,
      payment_intent: intent.id,
      payment_method: paymentMethod,
      paid: true,
      captured: true,
      refunded: false,
      status: 'succeeded',
      metadata: { ...intent.metadata },
      livemode: false,
    });
    intent.status = 'succeeded';
    intent.amount_received = intent.amount;
    intent.latest_charge = charge.id;
    intent.payment_method = paymentMethod;
    intent.last_payment_error = null;
  }

  private newSubscription(
    customer: string,
    lineItems: StripeObject[],
    metadata: Record<string, string>,
    paymentMethod: string | null,
  ): StripeObject {
    const start = now();
    const id = newId('sub');
    const items = lineItems.map((li) => {
      const price = this.mustGet('prices', li.price);
      return {
        id: newId('si'),
        object: 'subscription_item',
        created: start,
        price: price.id,
        quantity: li.quantity,
        subscription: id,
        current_period_start: start,
        current_period_end: addInterval(start, price.recurring.interval, price.recurring.interval_count),
        metadata: {},
      };
    });
    return this.insert('subscriptions', {
      id,
      object: 'subscription',
      created: start,
      start_date: start,
      billing_cycle_anchor: start,
      customer,
      status: 'active',
      currency: this.mustGet('prices', items[0].price).currency,
      items: { object: 'list', data: items, has_more: false },
      cancel_at_period_end: false,
      cancel_at: null,
      canceled_at: null,
      ended_at: null,
      default_payment_method: paymentMethod,
      latest_invoice: null,
      metadata,
      livemode: false,
    });
  }

  private advancePeriod(sub: StripeObject): void {
    for (const item of sub.items.data as StripeObject[]) {
      const price = this.mustGet('prices', item.price);
      item.current_period_start = item.current_period_end;
      item.current_period_end = addInterval(item.current_period_start, price.recurring.interval, price.recurring.interval_count);
    }
  }

  /** An invoice for the subscription's current period, paid (with its PaymentIntent and charge) or open. */
  private createInvoice(sub: StripeObject, reason: string, paid: boolean, amountOverride?: number): StripeObject {
    const items = sub.items.data as StripeObject[];
    const lines = items.map((item) => {
      const price = this.mustGet('prices', item.price);
      const product = this.mustGet('products', price.product);
      return {
        id: newId('il'),
        object: 'line_item',
        amount: price.unit_amount * item.quantity,
        currency: price.currency,
        description: `${item.quantity} × ${product.name} (at ${formatAmount(price.unit_amount, price.currency)} / ${price.recurring.interval})`,
        quantity: item.quantity,
        period: { start: item.current_period_start, end: item.current_period_end },
        pricing: { type: 'price_details', price_details: { price: price.id, product: product.id } },
      };
    });
    const total = amountOverride ?? lines.reduce((sum, l) => sum + l.amount, 0);
    const created = now();
    const id = newId('in');
    const invoice = this.insert('invoices', {
      id,
      object: 'invoice',
      created,
      customer: sub.customer,
      currency: sub.currency,
      status: paid ? 'paid' : 'open',
      billing_reason: reason,
      collection_method: 'charge_automatically',
      number: `LOCAL-${String(this.collection('invoices').size + 1).padStart(4, '0')}`,
      subtotal: total,
      total,
      amount_due: total,
      amount_paid: paid ? total : 0,
      amount_remaining: paid ? 0 : total,
      attempt_count: 1,
      attempted: true,
      hosted_invoice_url: `${this.options.publicUrl ?? this.baseUrl}/invoices/${id}`,
      lines: { object: 'list', data: lines, has_more: false },
      parent: {
        type: 'subscription_details',
        subscription_details: { subscription: sub.id, metadata: { ...sub.metadata } },
        quote_details: null,
      },
      period_start: items[0].current_period_start,
      period_end: items[0].current_period_end,
      status_transitions: { finalized_at: created, paid_at: paid ? created : null },
      next_payment_attempt: paid ? null : created + 3 * 24 * 3600,
      livemode: false,
    });
    const intent = this.insert('payment_intents', {
      id: newId('pi'),
      object: 'payment_intent',
      created,
      amount: total,
      amount_received: 0,
      currency: sub.currency,
      customer: sub.customer,
      description: reason === 'subscription_create' ? 'Subscription creation' : 'Subscription update',
      metadata: {},
      status: 'requires_payment_method',
      latest_charge: null,
      last_payment_error: null,
      payment_method: null,
      livemode: false,
    });
    if (paid) this.succeed(intent, sub.default_payment_method ?? 'pm_card_visa');
    else intent.last_payment_error = { type: 'card_error', code: 'card_declined', message: 'Your card was declined.' };
    invoice._payment_intent = intent.id;
    invoice.payments = {
      object: 'list',
      data: [
        {
          object: 'invoice_payment',
          invoice: id,
          status: paid ? 'paid' : 'open',
          payment: { type: 'payment_intent', payment_intent: intent.id },
        },
      ],
      has_more: false,
    };
    return invoice;
  }

  private createSubscription(params: FormObject): StripeObject {
    const customerId = str(params.customer);
    if (!customerId) throw new ApiError(400, 'invalid_request_error', 'Missing required param: customer.', 'parameter_missing', 'customer');
    const customer = this.mustGet('customers', customerId, 'customer');
    const rawItems = list(params.items);
    if (!rawItems.length) throw new ApiError(400, 'invalid_request_error', 'Missing required param: items.', 'parameter_missing', 'items');
    const lineItems = rawItems.map((raw, i) => {
      const item = obj(raw);
      const price = this.priceOf(item, `items[${i}]`);
      if (!price.recurring)
        throw new ApiError(
          400,
          'invalid_request_error',
          'The price specified is set to `type=one_time` but this field only accepts prices with `type=recurring`.',
          undefined,
          `items[${i}][price]`,
        );
      return { price: price.id, quantity: int(item.quantity, `items[${i}][quantity]`, { min: 1 }) ?? 1 };
    });
    const paymentMethod = str(params.default_payment_method) || customer.invoice_settings?.default_payment_method || null;
    const behavior = str(params.payment_behavior) ?? 'allow_incomplete';
    if (!paymentMethod && behavior !== 'default_incomplete') {
      throw new ApiError(
        400,
        'invalid_request_error',
        'This customer has no attached payment source or default payment method.',
        'resource_missing',
      );
    }
    const declines = paymentMethod ? DECLINING_METHODS.has(paymentMethod) : false;
    if (declines && behavior === 'error_if_incomplete') {
      throw new ApiError(402, 'card_error', 'Your card was declined.', 'card_declined', 'default_payment_method');
    }
    if (paymentMethod) this.paymentMethod(paymentMethod).customer = customer.id;
    const sub = this.newSubscription(customer.id, lineItems, mergeMetadata({}, params.metadata), paymentMethod);
    const paid = !!paymentMethod && !declines;
    if (!paid) sub.status = 'incomplete';
    const invoice = this.createInvoice(sub, 'subscription_create', paid);
    sub.latest_invoice = invoice.id;
    this.emit('customer.subscription.created', sub);
    if (paid) {
      this.emit('invoice.paid', invoice);
      this.emit('payment_intent.succeeded', this.mustGet('payment_intents', invoice._payment_intent));
    } else if (paymentMethod) {
      this.emit('invoice.payment_failed', invoice);
    }
    return sub;
  }

  private updateSubscription(id: string, params: FormObject): StripeObject {
    const sub = this.mustGet('subscriptions', id);
    if (sub.status === 'canceled') {
      throw new ApiError(400, 'invalid_request_error', 'A canceled subscription can only update its cancellation_details and metadata.');
    }
    const previous = this.snapshot(sub, ['cancel_at_period_end', 'cancel_at', 'metadata', 'items', 'status']);
    let changed = false;
    for (const [i, raw] of list(params.items).entries()) {
      const item = obj(raw);
      const itemId = str(item.id);
      const price = this.priceOf(item, `items[${i}]`);
      const existing = (sub.items.data as StripeObject[]).find((si) => si.id === itemId);
      if (itemId && !existing)
        throw new ApiError(400, 'invalid_request_error', `No such subscription item: '${itemId}'`, 'resource_missing', `items[${i}][id]`);
      if (existing) {
        if (existing.price !== price.id) changed = true;
        existing.price = price.id;
        if (item.quantity !== undefined) existing.quantity = int(item.quantity, `items[${i}][quantity]`, { min: 1 });
        const oldInterval = this.mustGet('prices', previous.items.data.find((si: StripeObject) => si.id === existing.id).price).recurring
          .interval;
        if (oldInterval !== price.recurring.interval) {
          // A new billing interval starts a new period at once, as Stripe does.
          existing.current_period_start = now();
          existing.current_period_end = addInterval(
            existing.current_period_start,
            price.recurring.interval,
            price.recurring.interval_count,
          );
          sub.billing_cycle_anchor = existing.current_period_start;
        }
      } else {
        const start = now();
        (sub.items.data as StripeObject[]).push({
          id: newId('si'),
          object: 'subscription_item',
          created: start,
          price: price.id,
          quantity: int(item.quantity, `items[${i}][quantity]`, { min: 1 }) ?? 1,
          subscription: sub.id,
          current_period_start: start,
          current_period_end: addInterval(start, price.recurring.interval, price.recurring.interval_count),
          metadata: {},
        });
        changed = true;
      }
    }
    const cancelAtPeriodEnd = bool(params.cancel_at_period_end);
    if (cancelAtPeriodEnd !== undefined && cancelAtPeriodEnd !== sub.cancel_at_period_end) {
      sub.cancel_at_period_end = cancelAtPeriodEnd;
      sub.cancel_at = cancelAtPeriodEnd ? sub.items.data[0].current_period_end : null;
      sub.canceled_at = cancelAtPeriodEnd ? now() : null;
      changed = true;
    }
    const metadata = mergeMetadata(sub.metadata, params.metadata);
    if (JSON.stringify(metadata) !== JSON.stringify(sub.metadata)) {
      sub.metadata = metadata;
      changed = true;
    }
    const pm = str(params.default_payment_method);
    if (pm) {
      sub.default_payment_method = this.paymentMethod(pm).id;
      changed = true;
    }
    if (changed) this.emit('customer.subscription.updated', sub, previous);
    return sub;
  }

  private cancelSubscription(sub: StripeObject): void {
    sub.status = 'canceled';
    sub.canceled_at ??= now();
    sub.ended_at = now();
    sub.cancel_at_period_end = false;
    this.emit('customer.subscription.deleted', sub);
  }

  private createRefund(params: FormObject): StripeObject {
    const intentId = str(params.payment_intent);
    const chargeId = str(params.charge);
    let charge: StripeObject;
    if (chargeId) charge = this.mustGet('charges', chargeId, 'charge');
    else if (intentId) {
      const intent = this.mustGet('payment_intents', intentId, 'payment_intent');
      if (!intent.latest_charge) {
        throw new ApiError(
          400,
          'invalid_request_error',
          `This PaymentIntent (${intentId}) does not have a successful charge to refund.`,
          'charge_not_refundable',
          'payment_intent',
        );
      }
      charge = this.mustGet('charges', intent.latest_charge);
    } else
      throw new ApiError(
        400,
        'invalid_request_error',
        'One of the following params should be provided for this request: payment_intent or charge.',
        'parameter_missing',
      );
    const remaining = charge.amount - charge.amount_refunded;
    const amount = int(params.amount, 'amount', { min: 1 }) ?? remaining;
    if (remaining <= 0)
      throw new ApiError(400, 'invalid_request_error', `Charge ${charge.id} has already been refunded.`, 'charge_already_refunded');
    if (amount > remaining) {
      throw new ApiError(
        400,
        'invalid_request_error',
        `Refund amount (${formatAmount(amount, charge.currency)}) is greater than unrefunded amount on charge (${formatAmount(remaining, charge.currency)})`,
        'amount_too_large',
        'amount',
      );
    }
    const previous = this.snapshot(charge, ['amount_refunded', 'refunded']);
    const refund = this.insert('refunds', {
      id: newId('re'),
      object: 'refund',
      created: now(),
      amount,
      currency: charge.currency,
      charge: charge.id,
      payment_intent: charge.payment_intent,
      reason: str(params.reason) ?? null,
      status: 'succeeded',
      metadata: mergeMetadata({}, params.metadata),
    });
    charge.amount_refunded += amount;
    charge.refunded = charge.amount_refunded >= charge.amount;
    this.emit('refund.created', refund);
    this.emit('charge.refunded', charge, previous);
    return refund;
  }

  // ---- storage, events, delivery ----

  private collection(name: Collection): Map<string, StripeObject> {
    return this.state.get(name) as Map<string, StripeObject>;
  }

  private sequence = 0;

  private insert(name: Collection, object: StripeObject): StripeObject {
    object._seq = ++this.sequence;
    this.collection(name).set(object.id, object);
    return object;
  }

  private lookup(id: string): StripeObject | undefined {
    const collection = ID_PREFIXES[id.split('_')[0]];
    return collection ? this.collection(collection).get(id) : undefined;
  }

  private mustGet(name: Collection, id: string, param = 'id'): StripeObject {
    const found = this.collection(name).get(id);
    if (!found) throw new ApiError(404, 'invalid_request_error', `No such ${OBJECT_NAMES[name]}: '${id}'`, 'resource_missing', param);
    return found;
  }

  /** The object as the API shows it: internal fields dropped, ids of prices inside items expanded. */
  private publicView(object: StripeObject): StripeObject {
    const copy: StripeObject = JSON.parse(JSON.stringify(object, (key, value) => (key.startsWith('_') ? undefined : value)));
    if (copy.object === 'subscription') {
      for (const item of copy.items.data as StripeObject[]) item.price = this.publicView(this.mustGet('prices', item.price));
    }
    return copy;
  }

  private expand(object: StripeObject, paths: string[]): StripeObject {
    for (const path of paths) {
      const [head, ...rest] = path.split('.');
      if (head === 'line_items' && object.object === 'checkout.session') {
        const session = this.mustGet('checkout_sessions', object.id);
        object.line_items = {
          object: 'list',
          data: (session._line_items as StripeObject[]).map((li) => ({ ...li, price: this.publicView(this.mustGet('prices', li.price)) })),
          has_more: false,
        };
        continue;
      }
      const value = object[head];
      if (typeof value !== 'string') continue;
      const target = this.lookup(value);
      if (target) object[head] = this.expand(this.publicView(target), rest.length ? [rest.join('.')] : []);
    }
    return object;
  }

  private snapshot(object: StripeObject, fields: string[]): StripeObject {
    return JSON.parse(JSON.stringify(Object.fromEntries(fields.map((f) => [f, object[f]]))));
  }

  private emit(type: string, object: StripeObject, previous?: StripeObject): void {
    const event = this.insert('events', {
      id: newId('evt'),
      object: 'event',
      api_version: API_VERSION,
      created: now(),
      type,
      data: previous ? { object: this.publicView(object), previous_attributes: previous } : { object: this.publicView(object) },
      livemode: false,
      pending_webhooks: 1,
      request: { id: null, idempotency_key: null },
    });
    this.queue.push(event.id);
    void this.drain();
  }

  /** Delivers queued events in order; a failed one is retried later without holding up the rest. */
  private async drain(): Promise<void> {
    if (this.delivering || !this.webhookUrl) return;
    this.delivering = true;
    try {
      while (this.queue.length && this.webhookUrl && this.server) {
        const id = this.queue.shift() as string;
        await this.deliver(id, 1);
      }
    } finally {
      this.delivering = false;
    }
  }

  private async deliver(eventId: string, attempt: number): Promise<void> {
    const event = this.collection('events').get(eventId);
    const url = this.webhookUrl;
    if (!event || !url || !this.server) return;
    const payload = JSON.stringify(this.publicView(event), null, 2);
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
      this.logger.warn({ event_id: eventId, err: String(error) }, 'webhook delivery failed');
    }
    this.deliveries.push({ event_id: eventId, type: event.type, attempt, status, at: Date.now() });
    if (this.deliveries.length > 1000) this.deliveries.splice(0, this.deliveries.length - 1000);
    if (status !== null && status >= 200 && status < 300) {
      event.pending_webhooks = 0;
      this.persist();
      return;
    }
    const delays = this.options.webhookRetryDelaysMs ?? [60_000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000];
    if (attempt > delays.length) {
      this.logger.error({ event_id: eventId, type: event.type, attempts: attempt }, 'webhook given up');
      return;
    }
    this.logger.warn({ event_id: eventId, type: event.type, status, attempt }, 'webhook not accepted; will retry');
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

  private persist(): void {
    if (!this.options.dataFile || this.saveTimer) return;
    this.saveTimer = setTimeout(() => {
      this.saveTimer = null;
      this.save();
    }, 200);
    this.saveTimer.unref();
  }

  private save(): void {
    const file = this.options.dataFile;
    if (!file) return;
    try {
      mkdirSync(dirname(file), { recursive: true });
      const data = Object.fromEntries(COLLECTIONS.map((c) => [c, [...this.collection(c).values()]]));
      writeFileSync(`${file}.tmp`, JSON.stringify({ sequence: this.sequence, ...data }));
      renameSync(`${file}.tmp`, file);
    } catch (error) {
      this.logger.warn({ err: String(error) }, 'could not save local stripe state');
    }
  }

  private load(file: string): void {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      return; // first run
    }
    try {
      const data = JSON.parse(text) as Record<string, StripeObject[]> & { sequence?: number };
      for (const name of COLLECTIONS) for (const object of data[name] ?? []) this.collection(name).set(object.id, object);
      this.sequence = Number(data.sequence ?? 0);
    } catch (error) {
      this.logger.warn({ err: String(error), file }, 'ignoring unreadable local stripe state');
    }
  }
}

/** Starts a local Stripe (tests call this, then `setWebhookUrl` once the gateway listens). */
export function startLocalStripe(options: LocalStripeOptions): Promise<LocalStripe> {
  return LocalStripe.start(options);
}
