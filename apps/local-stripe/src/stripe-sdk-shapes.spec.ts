import { join } from 'node:path';
import Stripe from 'stripe';
import ts from 'typescript';
import { eventually } from '@sf/testing';
import { LocalStripe, startLocalStripe } from './local-stripe';
import { webhookReceiver } from './testing/webhook-receiver';

/**
 * Checks the local Stripe's answers against the `stripe` SDK's own TypeScript declarations: every
 * property an object's interface declares without `?` must be in the JSON (null only where the type
 * allows null), recursively through nested objects, lists and expanded objects. The list of fields
 * is read from node_modules/stripe at test time, so it follows the SDK version.
 */

/** The SDK type of each `object` value this server answers with. */
const SDK_TYPES: Record<string, string> = {
  customer: 'Customer',
  product: 'Product',
  price: 'Price',
  payment_method: 'PaymentMethod',
  'checkout.session': 'Checkout.Session',
  subscription: 'Subscription',
  subscription_item: 'SubscriptionItem',
  invoice: 'Invoice',
  line_item: 'InvoiceLineItem',
  invoice_payment: 'InvoicePayment',
  payment_intent: 'PaymentIntent',
  charge: 'Charge',
  refund: 'Refund',
  event: 'Event',
};

/** Union members are told apart by these (`object` for resources, `type` for events). */
const DISCRIMINANTS = ['object', 'type'];

class SdkShapes {
  private readonly checker: ts.TypeChecker;
  private readonly types = new Map<string, ts.Type>();

  constructor() {
    // A virtual file beside this one, so `stripe` resolves as the application resolves it.
    const file = join(__dirname, '__sdk_shapes__.ts');
    const names = Object.values(SDK_TYPES);
    const text = `import Stripe from 'stripe';\n${names.map((n, i) => `export type T${i} = Stripe.${n};`).join('\n')}\n`;
    const options: ts.CompilerOptions = {
      strict: true,
      module: ts.ModuleKind.Node16,
      moduleResolution: ts.ModuleResolutionKind.Node16,
      target: ts.ScriptTarget.ES2022,
      esModuleInterop: true,
      skipLibCheck: true,
      types: [],
    };
    const host = ts.createCompilerHost(options);
    const read = host.getSourceFile.bind(host);
    host.getSourceFile = (name, version, ...rest) =>
      name === file ? ts.createSourceFile(name, text, version) : read(name, version, ...rest);
    const program = ts.createProgram([file], options, host);
    this.checker = program.getTypeChecker();
    const exports = this.checker.getExportsOfModule(
      this.checker.getSymbolAtLocation(program.getSourceFile(file) as ts.SourceFile) as ts.Symbol,
    );
    names.forEach((name, i) => {
      const alias = exports.find((s) => s.name === `T${i}`) as ts.Symbol;
      const type = this.checker.getDeclaredTypeOfSymbol(alias);
      if (type.flags & ts.TypeFlags.Any) throw new Error(`Stripe.${name} did not resolve from the SDK's declarations`);
      this.types.set(name, type);
    });
  }

  /** Names of the required properties of `Stripe.<name>` (its top level). */
  required(name: string): string[] {
    const type = this.types.get(name) as ts.Type;
    return this.checker
      .getPropertiesOfType(type)
      .filter((p) => !(p.flags & ts.SymbolFlags.Optional))
      .map((p) => p.name);
  }

  /** Paths of required fields missing from `value` (or null where the type does not allow null). */
  problems(value: unknown, name: string): string[] {
    const out: string[] = [];
    this.visit(value, this.types.get(name) as ts.Type, name, out);
    return out;
  }

  private visit(value: unknown, declared: ts.Type, path: string, out: string[]): void {
    if (value === null || typeof value !== 'object') return;
    if (Array.isArray(value)) {
      const type = this.checker.getNonNullableType(declared);
      const element = this.checker.isArrayType(type) ? this.checker.getTypeArguments(type as ts.TypeReference)[0] : undefined;
      if (element) value.forEach((v, i) => this.visit(v, element, `${path}[${i}]`, out));
      return;
    }
    const record = value as Record<string, unknown>;
    const known = typeof record.object === 'string' ? SDK_TYPES[record.object] : undefined;
    const type = this.narrow(known ? (this.types.get(known) as ts.Type) : this.checker.getNonNullableType(declared), record);
    if (!type) return;
    for (const property of this.checker.getPropertiesOfType(type)) {
      // What an update changed, as it was: some fields only, in the shape this server stored them.
      if (property.name === 'previous_attributes') continue;
      const at = `${path}.${property.name}`;
      // An optional field is checked only when present (an expanded object, a list's items).
      if (property.flags & ts.SymbolFlags.Optional && !(property.name in record)) continue;
      if (!(property.name in record)) out.push(at);
      else {
        const propertyType = this.checker.getTypeOfSymbol(property);
        if (record[property.name] === null && !this.allowsNull(propertyType)) out.push(`${at} (null)`);
        else this.visit(record[property.name], propertyType, at, out);
      }
    }
  }

  /** The one object type of a (union) type that fits the value, if it can be told. */
  private narrow(type: ts.Type, value: Record<string, unknown>): ts.Type | undefined {
    if (!type.isUnion()) return type.flags & ts.TypeFlags.Object ? type : undefined;
    let members = type.types.filter((t) => t.flags & ts.TypeFlags.Object && !this.checker.isArrayType(t));
    for (const key of DISCRIMINANTS) {
      if (typeof value[key] !== 'string' || members.length < 2) continue;
      members = members.filter((m) => {
        const property = m.getProperty(key);
        const literal = property && this.checker.getTypeOfSymbol(property);
        return !literal || !literal.isStringLiteral() || literal.value === value[key];
      });
    }
    return members.length === 1 ? members[0] : undefined;
  }

  private allowsNull(type: ts.Type): boolean {
    if (type.flags & (ts.TypeFlags.Null | ts.TypeFlags.Any | ts.TypeFlags.Unknown)) return true;
    return type.isUnion() && type.types.some((t) => t.flags & ts.TypeFlags.Null);
  }
}

const SECRET_KEY = 'sk_test_sdk_shapes';
const WEBHOOK_SECRET = 'whsec_sdk_shapes';

const receiver = () => webhookReceiver({ secretKey: SECRET_KEY, webhookSecret: WEBHOOK_SECRET });

describe('local Stripe answers in the shapes the stripe SDK declares', () => {
  let shapes: SdkShapes;
  let local: LocalStripe;
  let stripe: Stripe;
  let hook: Awaited<ReturnType<typeof receiver>>;

  beforeAll(async () => {
    shapes = new SdkShapes();
    hook = await receiver();
    local = await startLocalStripe({ secretKey: SECRET_KEY, webhookSecret: WEBHOOK_SECRET, webhookUrl: hook.url });
    const url = new URL(local.url);
    stripe = new Stripe(SECRET_KEY, { host: url.hostname, port: url.port, protocol: 'http', maxNetworkRetries: 0 });
  });
  afterAll(async () => {
    await local.close();
    hook.server.close();
  });

  const expectShape = (value: unknown, name: string) => expect(shapes.problems(value, name)).toEqual([]);

  it('reads the required fields from the SDK, so a missing one is caught', () => {
    expect(shapes.required('Customer')).toEqual(expect.arrayContaining(['id', 'object', 'created', 'email', 'metadata', 'livemode']));
    const customer = { id: 'cus_1', object: 'customer', email: null };
    expect(shapes.problems(customer, 'Customer')).toEqual(expect.arrayContaining(['Customer.created', 'Customer.metadata']));
    // Nested and expanded objects are checked against their own types; null only where allowed.
    const sub = { object: 'subscription', customer: { object: 'customer', id: null }, items: { object: 'list', data: [{}] } };
    expect(shapes.problems(sub, 'Subscription')).toEqual(
      expect.arrayContaining(['Subscription.customer.id (null)', 'Subscription.items.data[0].price', 'Subscription.items.has_more']),
    );
    // An event is checked as its own type (told by `type`), its object as what it is.
    const event = { object: 'event', type: 'invoice.paid', data: { object: { object: 'invoice', id: 'in_1' } } };
    expect(shapes.problems(event, 'Event')).toEqual(expect.arrayContaining(['Event.created', 'Event.data.object.total']));
  });

  it('answers customers, prices and payment methods in full', async () => {
    const customer = await stripe.customers.create({ metadata: { user_id: 'u1' } }, { idempotencyKey: 'shape-customer' });
    expectShape(customer, 'Customer');
    const price = await stripe.prices.create({
      currency: 'krw',
      unit_amount: 9900,
      recurring: { interval: 'month' },
      lookup_key: 'shape_pro_monthly',
      transfer_lookup_key: true,
      product_data: { name: 'Pro', metadata: { product_id: '1' } },
      metadata: { plan_slug: 'pro' },
    });
    expectShape(price, 'Price');
    const listed = await stripe.prices.list({ lookup_keys: ['shape_pro_monthly'], active: true, limit: 1, expand: ['data.product'] });
    expect(listed.data).toHaveLength(1);
    listed.data.forEach((p) => expectShape(p, 'Price'));
    expectShape(await stripe.paymentMethods.attach('pm_card_visa', { customer: customer.id }), 'PaymentMethod');
  });

  it('answers checkout sessions, subscriptions, invoices, payment intents, charges and refunds in full', async () => {
    const customer = await stripe.customers.create({});
    const price = await stripe.prices.create({
      currency: 'krw',
      unit_amount: 19900,
      recurring: { interval: 'year' },
      product_data: { name: 'Annual' },
    });
    const subscriptionSession = await stripe.checkout.sessions.create({
      mode: 'subscription',
      customer: customer.id,
      client_reference_id: 'u1',
      line_items: [{ price: price.id, quantity: 1 }],
      metadata: { user_id: 'u1' },
      subscription_data: { metadata: { user_id: 'u1' } },
      success_url: 'http://app.test/ok?session_id={CHECKOUT_SESSION_ID}',
      cancel_url: 'http://app.test/cancel',
    });
    expectShape(subscriptionSession, 'Checkout.Session');
    await fetch(subscriptionSession.url as string, { redirect: 'manual' });
    const completed = await stripe.checkout.sessions.retrieve(subscriptionSession.id, { expand: ['subscription', 'invoice'] });
    expect(typeof completed.subscription).toBe('object');
    expectShape(completed, 'Checkout.Session');

    const paymentSession = await stripe.checkout.sessions.create({
      mode: 'payment',
      customer: customer.id,
      line_items: [{ price_data: { currency: 'krw', unit_amount: 150000, product_data: { name: 'Chef booking' } }, quantity: 1 }],
      payment_intent_data: { metadata: { reference: 'booking:1' }, description: 'Chef booking' },
      success_url: 'http://app.test/ok',
    });
    await fetch(paymentSession.url as string, { redirect: 'manual' });
    const paid = await stripe.checkout.sessions.retrieve(paymentSession.id, { expand: ['payment_intent'] });
    expectShape(paid, 'Checkout.Session');
    const intent = paid.payment_intent as Stripe.PaymentIntent;
    const refund = await stripe.refunds.create(
      { payment_intent: intent.id, amount: 50000, reason: 'requested_by_customer', metadata: { refund_id: 'r1' } },
      { idempotencyKey: 'shape-refund' },
    );
    expectShape(refund, 'Refund');
    expectShape(await stripe.charges.retrieve(intent.latest_charge as string), 'Charge');

    const sub = await stripe.subscriptions.create(
      {
        customer: customer.id,
        items: [{ price: price.id }],
        default_payment_method: 'pm_card_visa',
        payment_behavior: 'error_if_incomplete',
      },
      { idempotencyKey: 'shape-subscribe' },
    );
    expectShape(sub, 'Subscription');
    const withInvoice = await stripe.subscriptions.retrieve(sub.id, { expand: ['latest_invoice', 'latest_invoice.payments'] });
    expect(typeof withInvoice.latest_invoice).toBe('object');
    expectShape(withInvoice, 'Subscription');
    expectShape(await stripe.subscriptions.update(sub.id, { cancel_at_period_end: true }), 'Subscription');
    const incomplete = await stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: price.id }],
      payment_behavior: 'default_incomplete',
    });
    expectShape(await stripe.subscriptions.cancel(incomplete.id), 'Subscription');
    expectShape(local.renewSubscription(sub.id), 'Subscription');
  });

  it('sends events, over webhooks and from the API, in full', async () => {
    const customer = await stripe.customers.create({});
    const product = await stripe.products.create({ name: 'Events' });
    const sub = await stripe.subscriptions.create({
      customer: customer.id,
      default_payment_method: 'pm_card_visa',
      items: [{ price_data: { currency: 'krw', unit_amount: 4900, recurring: { interval: 'month' }, product: product.id } }],
    });
    const session = await stripe.checkout.sessions.create({
      mode: 'payment',
      line_items: [{ price_data: { currency: 'krw', unit_amount: 30000, product_data: { name: 'Class' } }, quantity: 1 }],
      success_url: 'http://app.test/ok',
    });
    await fetch(`${session.url}?outcome=decline`, { redirect: 'manual' });
    await fetch(session.url as string, { redirect: 'manual' });
    const intent = (await stripe.checkout.sessions.retrieve(session.id)).payment_intent as string;
    await stripe.refunds.create({ payment_intent: intent });
    const expiring = await stripe.checkout.sessions.create({
      mode: 'payment',
      line_items: [{ price_data: { currency: 'krw', unit_amount: 1000, product_data: { name: 'X' } } }],
      success_url: 'http://app.test/ok',
    });
    await stripe.checkout.sessions.expire(expiring.id);
    local.failSubscriptionRenewal(sub.id);
    local.renewSubscription(sub.id);
    await stripe.subscriptions.update(sub.id, { cancel_at_period_end: true });
    local.endSubscriptionPeriod(sub.id);
    const all = local.events();
    const types = new Set(all.map((e) => e.type));
    const expected = [
      'customer.subscription.created',
      'customer.subscription.updated',
      'customer.subscription.deleted',
      'invoice.paid',
      'invoice.payment_failed',
      'payment_intent.succeeded',
      'payment_intent.payment_failed',
      'charge.succeeded',
      'checkout.session.completed',
      'checkout.session.expired',
      'refund.created',
      'charge.refunded',
    ];
    expect([...types]).toEqual(expect.arrayContaining(expected));
    await eventually(async () => expect(hook.events.length).toBe(all.length));
    for (const event of hook.events) expectShape(event, 'Event');
    const listed = await stripe.events.list({ limit: 100 });
    listed.data.forEach((e) => expectShape(e, 'Event'));
  });
});
