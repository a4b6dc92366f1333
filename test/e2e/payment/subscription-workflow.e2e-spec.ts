import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ApiClient, eventually, RegisteredUser, registerUser, runPythonScript } from '@sf/testing';
import { gatewayPath, PaymentFleet, payCheckout, startPaymentFleet } from '../payment-fleet';

const DRIVER = path.join(__dirname, 'workflow1.py');
const SEED = path.resolve(__dirname, '../../../../shared/seeds/000_a5d986c196a8dc34.txt');

function runDriver(baseUrl: string): Promise<any> {
  return runPythonScript(DRIVER, [baseUrl], { timeoutMs: 40_000 });
}

describe('seed workflow 1: register, browse plans, check out product 1, pay, subscribed', () => {
  let env: PaymentFleet;
  let api: ApiClient;

  beforeAll(async () => {
    env = await startPaymentFleet();
    api = env.api;
  });
  afterAll(() => env?.close());

  (existsSync(SEED) ? it : it.skip)('keeps the seed text verbatim in the Python driver', () => {
    const driver = readFileSync(DRIVER, 'utf8');
    const block = /# ---- BEGIN VERBATIM[^\n]*\n[A-Z_0-9]+ = """([\s\S]*?)"""\n# ---- END VERBATIM ----/.exec(driver)?.[1];
    expect(block).toMatch(/^# 1\. Register/);
    expect(readFileSync(SEED, 'utf8')).toContain(block as string);
  });

  it("runs the seed's Python as written: the checkout URL it prints completes the payment and the subscription is active", async () => {
    const result = await runDriver(env.fleet.baseUrl);
    expect(result.registered).toBe(201);
    expect(result.products.plans.length).toBe(3);
    expect(result.checkout).toMatchObject({ product_id: 1, plan_type: 'monthly', amount_krw: 9900 });
    expect(result.printed).toEqual([`Complete payment at: ${result.checkout.checkout_url}`]);
    expect(result.checkout_page.status).toBe(303);
    expect(result.success).toMatchObject({ status: 200, body: { status: 'complete', payment_status: 'paid' } });
    const active = result.subscriptions.subscriptions.filter((s: any) => s.status === 'active');
    expect(active).toHaveLength(1);
    expect(active[0]).toMatchObject({ product_id: 1, plan_slug: 'pro', amount_krw: 9900 });
    expect(result.subscriptions.tier).toBe('premium');
  });

  it('runs as the seed client writes it, and an active subscription appears', async () => {
    // 1. Register
    const register = await api.post('/api/auth/register', {
      email: `newuser-${Date.now()}@example.com`,
      password: 'SecurePassword123',
      name: 'John Doe',
    });
    expect(register.status).toBe(201);
    const token: string = register.body.access_token;

    // 3. Browse products (public)
    const plans = await api.get('/api/payment/plans');
    expect(plans.status).toBe(200);
    expect(plans.body.plans.map((p: any) => p.slug)).toEqual(['free', 'pro', 'enterprise']);

    // 4. Create checkout session
    const checkout = await api.post('/api/payment/checkout', { product_id: 1, plan_type: 'monthly' }, { token });
    expect(checkout.status).toBe(201);
    expect(checkout.body).toMatchObject({
      status: 'open',
      amount_krw: 9900,
      currency: 'KRW',
      product_id: 1,
      plan_slug: 'pro',
      plan_type: 'monthly',
    });
    expect(checkout.body.session_id).toMatch(/^cs_test_/);
    expect(typeof checkout.body.checkout_url).toBe('string');

    // 5. Open checkout_url: the local Stripe completes the payment and redirects to /api/payment/success
    const paid = await payCheckout(checkout.body.checkout_url);
    expect(paid.status).toBe(303);
    expect(paid.location).toContain(`/api/payment/success?session_id=${checkout.body.session_id}`);

    // 6-7. The subscription appears (from the webhooks, without visiting the success page)
    const subscription = await eventually(async () => {
      const list = await api.get('/api/payment/subscriptions', { token });
      expect(list.status).toBe(200);
      expect(list.body.subscriptions).toHaveLength(1);
      expect(list.body.subscriptions[0].status).toBe('active');
      return list.body.subscriptions[0];
    }, 10_000);
    expect(subscription).toMatchObject({
      product_id: 1,
      product_slug: 'coocook',
      plan_slug: 'pro',
      plan_type: 'monthly',
      amount_krw: 9900,
      cancel_at_period_end: false,
    });
    expect(Date.parse(subscription.current_period_end)).toBeGreaterThan(Date.now() + 27 * 86_400_000);

    // The success page confirms the same thing, and the session reports it.
    const success = await api.get(gatewayPath(paid.location as string));
    expect(success.status).toBe(200);
    expect(success.body).toMatchObject({
      status: 'complete',
      payment_status: 'paid',
      subscription_id: subscription.id,
      subscription_status: 'active',
    });
    const status = await api.get(`/api/payment/status/${checkout.body.session_id}`, { token });
    expect(status.body).toMatchObject({ status: 'complete', subscription_id: subscription.id, amount_krw: 9900 });
  });

  describe('around it', () => {
    let user: RegisteredUser;
    beforeAll(async () => {
      user = await registerUser(api);
    });

    it('serves the catalogue publicly: products 1..5 with integer KRW prices and features', async () => {
      const products = await api.get('/api/payment/products');
      expect(products.status).toBe(200);
      expect(products.body.products.map((p: any) => [p.id, p.name])).toEqual([
        [1, 'CooCook'],
        [2, 'SNS Auto'],
        [3, 'Review Campaign'],
        [4, 'AI Automation'],
        [5, 'WebApp Builder'],
      ]);
      for (const p of products.body.products) {
        expect(Number.isInteger(p.monthly_price_krw) && p.monthly_price_krw > 0).toBe(true);
        expect(Number.isInteger(p.annual_price_krw) && p.annual_price_krw > p.monthly_price_krw).toBe(true);
        expect(p.features.length).toBeGreaterThan(0);
      }
      const one = await api.get('/api/payment/products/1');
      expect(one.body).toMatchObject({ id: 1, slug: 'coocook', monthly_price_krw: 9900, annual_price_krw: 99000 });
      expect((await api.get('/api/payment/products/99')).status).toBe(404);
      const plans = await api.get('/api/payment/plans');
      const pro = plans.body.plans.find((p: any) => p.slug === 'pro');
      expect(pro).toMatchObject({ tier: 'premium', purchasable: true, currency: 'KRW' });
      expect(pro.prices.find((p: any) => p.product_id === 1)).toMatchObject({ monthly_price_krw: 9900, annual_price_krw: 99000 });
      expect(plans.body.plans.find((p: any) => p.slug === 'free')).toMatchObject({ monthly_price_krw: 0, purchasable: false });
    });

    it('serves the create-session alias, takes plan_slug and billing_period, and defaults to monthly pro', async () => {
      const alias = await api.post(
        '/api/payment/create-session',
        { product_id: 2, plan_slug: 'enterprise', billing_period: 'annual' },
        { token: user.accessToken },
      );
      expect(alias.status).toBe(201);
      expect(alias.body).toMatchObject({ product_id: 2, plan_slug: 'enterprise', plan_type: 'annual', amount_krw: 599000 });
      const defaults = await api.post('/api/payment/checkout', { product_id: 3 }, { token: user.accessToken });
      expect(defaults.body).toMatchObject({ product_id: 3, plan_slug: 'pro', plan_type: 'monthly', amount_krw: 29000 });
      // Asked again while open: the same session.
      const again = await api.post('/api/payment/checkout', { product_id: 3 }, { token: user.accessToken });
      expect(again.body.session_id).toBe(defaults.body.session_id);
    });

    it('refuses bad choices with 422 and anonymous callers with 401', async () => {
      for (const body of [{ product_id: 42 }, { plan_slug: 'free' }, { product_id: 1, plan_type: 'weekly' }, { product_id: 'one' }]) {
        const response = await api.post('/api/payment/checkout', body, { token: user.accessToken });
        expect({ body, status: response.status }).toEqual({ body, status: 422 });
        expect(response.body.error.code).toBe('VALIDATION_ERROR');
      }
      expect((await api.post('/api/payment/checkout', { product_id: 1 })).status).toBe(401);
      expect((await api.get('/api/payment/subscriptions')).status).toBe(401);
    });

    it('answers 409 to a checkout for a product already subscribed', async () => {
      const buyer = await registerUser(api);
      const checkout = await api.post('/api/payment/checkout', { product_id: 4 }, { token: buyer.accessToken });
      await payCheckout(checkout.body.checkout_url);
      await eventually(async () => {
        const list = await api.get('/api/payment/subscriptions', { token: buyer.accessToken, query: { status: 'active' } });
        expect(list.body.total).toBe(1);
      }, 10_000);
      const again = await api.post('/api/payment/checkout', { product_id: 4, plan_type: 'annual' }, { token: buyer.accessToken });
      expect(again.status).toBe(409);
      expect(again.body.error.code).toBe('CONFLICT');
    });

    it('returns the first answer to a repeated Idempotency-Key, and refuses the key with another body', async () => {
      const headers = { 'Idempotency-Key': `idem-${Date.now()}` };
      const first = await api.post('/api/payment/checkout', { product_id: 5 }, { token: user.accessToken, headers });
      const second = await api.post('/api/payment/checkout', { product_id: 5 }, { token: user.accessToken, headers });
      expect(first.status).toBe(201);
      expect(second.status).toBe(201);
      expect(second.body.session_id).toBe(first.body.session_id);
      const other = await api.post('/api/payment/checkout', { product_id: 5, plan_type: 'annual' }, { token: user.accessToken, headers });
      expect(other.status).toBe(422);
    });

    it('keeps checkout sessions private: another user gets 404 for the status', async () => {
      const owner = await registerUser(api);
      const checkout = await api.post('/api/payment/checkout', { product_id: 1 }, { token: owner.accessToken });
      expect((await api.get(`/api/payment/status/${checkout.body.session_id}`, { token: user.accessToken })).status).toBe(404);
      expect((await api.get(`/api/payment/status/${checkout.body.session_id}`, { token: owner.accessToken })).body.status).toBe('open');
      expect((await api.get('/api/payment/success', { query: { session_id: 'cs_test_unknown' } })).status).toBe(404);
      expect((await api.get('/api/payment/success')).status).toBe(422);
    });
  });
});
