import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { eventually, runPythonScript } from '@sf/testing';
import { SoftFactory, SoftFactoryError } from '../../../packages/sdk-ts/src';
import { authService, coocookService, paymentService } from '../fleet';
import { PaymentFleet, payCheckout, startPaymentFleet } from '../payment-fleet';

const PYTHON_SDK = path.resolve(__dirname, '../../../packages/sdk-python');
const PYTHON_DRIVER = path.join(__dirname, 'sdk_workflows.py');

function runPython(args: string[]): Promise<any> {
  return runPythonScript(PYTHON_DRIVER, args, { timeoutMs: 55_000, env: { PYTHONPATH: PYTHON_SDK } });
}

const tag = () => randomBytes(4).toString('hex');
/** Set to run the same workflows against a running fleet (e.g. `npm start`'s) instead of a test fleet. */
const EXTERNAL_BASE_URL = process.env.SDK_E2E_BASE_URL;

/** Seed 000's workflows 1 and 2, written with each SDK, against the fleet. */
describe('the SDKs against the fleet', () => {
  let env: PaymentFleet | undefined;
  let baseUrl: string;
  // A town of its own, so the chef list holds only this run's chef whatever else is there.
  const town = `Seoul ${tag()}`;

  beforeAll(async () => {
    if (EXTERNAL_BASE_URL) {
      baseUrl = EXTERNAL_BASE_URL;
      return;
    }
    env = await startPaymentFleet([authService, paymentService, coocookService], { DEMO_MODE: 'false' });
    baseUrl = env.fleet.baseUrl;
  });
  afterAll(() => env?.close());

  describe('TypeScript (@softfactory/sdk)', () => {
    it('runs workflow 1: register, browse plans, check out product 1, pay, subscribed', async () => {
      const client = new SoftFactory({ baseUrl });
      const registered = await client.auth.register({ email: `ts-${tag()}@example.com`, password: 'SecurePassword123', name: 'John Doe' });
      expect(client.tokens.accessToken).toBe(registered.access_token);
      const plans = await client.payment.listPlans();
      expect(plans.plans.map((p) => p.slug)).toEqual(['free', 'pro', 'enterprise']);
      const checkout = await client.payment.checkout({ product_id: 1, plan_type: 'monthly' });
      expect(checkout).toMatchObject({ product_id: 1, plan_type: 'monthly', amount_krw: 9900 });
      await payCheckout(checkout.checkout_url); // the browser
      const subscriptions = await eventually(async () => {
        const list = await client.payment.listSubscriptions();
        expect(list.subscriptions.filter((s) => s.status === 'active')).toHaveLength(1);
        return list;
      }, 15_000);
      expect(subscriptions.subscriptions[0]).toMatchObject({ product_id: 1, plan_slug: 'pro' });
    });

    it('runs workflow 2: browse chefs, view one, book, pay, the chef confirms and completes, review', async () => {
      const chef = new SoftFactory({ baseUrl });
      await chef.auth.register({ email: `ts-chef-${tag()}@example.com`, password: 'SecurePassword123', name: 'Chef Ts' });
      const profile = await chef.coocook.registerChef({
        name: 'Chef Ts',
        bio: 'Pasta by hand',
        cuisine: 'Italian',
        location: town,
        hourly_rate_krw: 80_000,
      });

      const guest = new SoftFactory({ baseUrl });
      await guest.login(...(await signUp(guest)));
      const checkout = await guest.payment.checkout({ product_id: 1, plan_type: 'monthly' });
      await payCheckout(checkout.checkout_url);

      const chefs = await guest.coocook.listChefs({ cuisine: 'Italian', location: town });
      expect(chefs.chefs.map((c) => c.id)).toEqual([profile.id]);
      const detail = await guest.coocook.getChef(chefs.chefs[0].id);
      expect(detail).toMatchObject({ name: 'Chef Ts', rating_avg: 0, rating_count: 0 });
      // The subscription reaches coocook by an event; the same key makes the retries one booking.
      const idempotencyKey = randomUUID();
      const booking = await eventually(
        () =>
          guest.coocook.bookChef(
            { chef_id: detail.id, booking_date: '2031-03-15T19:00:00', duration_hours: 3, special_requests: 'Vegetarian options' },
            { idempotencyKey },
          ),
        15_000,
      );
      expect(booking).toMatchObject({ status: 'pending', total_price: 240_000 });
      const payment = await guest.coocook.payBooking(booking.id, { amount: booking.total_price });
      await payCheckout(payment.checkout_url);
      await eventually(async () => expect((await guest.coocook.getBooking(booking.id)).status).toBe('paid'), 15_000);
      expect((await chef.coocook.updateBooking(booking.id, { status: 'confirmed' })).status).toBe('confirmed');
      expect((await chef.coocook.updateBooking(booking.id, { status: 'completed' })).status).toBe('completed');
      const review = await guest.coocook.reviewBooking(booking.id, { rating: 5, comment: 'Amazing experience!' });
      expect(review).toMatchObject({ booking_id: booking.id, rating: 5 });
      expect(await guest.coocook.getChef(detail.id)).toMatchObject({ rating_avg: 5, rating_count: 1 });
    });

    it('throws SoftFactoryError with the contract code, and refreshes once on a 401', async () => {
      const client = new SoftFactory({ baseUrl });
      await client.login(...(await signUp(client)));
      const missing = await client.coocook.getBooking(randomUUID()).catch((error: unknown) => error);
      expect(missing).toBeInstanceOf(SoftFactoryError);
      expect(missing).toMatchObject({ status: 404, code: 'NOT_FOUND', requestId: expect.stringMatching(/^req_/) });
      const anonymous = await new SoftFactory({ baseUrl }).coocook.listBookings().catch((error: unknown) => error);
      expect(anonymous).toMatchObject({ status: 401, code: 'UNAUTHORIZED' });

      const refreshed: string[] = [];
      const stale = new SoftFactory({
        baseUrl,
        accessToken: 'not-a-token',
        refreshToken: client.tokens.refreshToken,
        onTokens: (tokens) => refreshed.push(tokens.refreshToken),
      });
      const me = await stale.auth.getMe();
      expect(me.email).toMatch(/@example\.com$/);
      expect(refreshed).toHaveLength(1);
      expect(refreshed[0]).not.toBe(client.tokens.refreshToken);
      // A refresh that fails leaves the 401 to the caller.
      const lost = new SoftFactory({ baseUrl, accessToken: 'not-a-token', refreshToken: 'not-a-refresh-token' });
      await expect(lost.auth.getMe()).rejects.toMatchObject({ status: 401, code: 'UNAUTHORIZED' });
    });

    async function signUp(client: SoftFactory): Promise<[string, string]> {
      const email = `ts-guest-${tag()}@example.com`;
      await client.auth.register({ email, password: 'SecurePassword123', name: 'Guest' });
      return [email, 'SecurePassword123'];
    }
  });

  describe('Python (softfactory-sdk)', () => {
    it('runs workflows 1 and 2, with typed errors and a refresh on a 401', async () => {
      const result = await runPython([baseUrl, `Busan ${tag()}`]);
      expect(result.plans).toEqual(['free', 'pro', 'enterprise']);
      expect(result.checkout).toEqual({ product_id: 1, plan_type: 'monthly', amount_krw: 9900 });
      expect(result.subscriptions.filter((s: any) => s.status === 'active')).toHaveLength(1);
      expect(result.chefs_total).toBe(1);
      expect(result.chef_detail).toMatchObject({ name: 'Chef Py', location: expect.stringMatching(/^Busan /) });
      expect(result.booking).toMatchObject({ status: 'pending', total_price: 240_000, booking_date: '2031-03-15T19:00:00.000Z' });
      expect(result.payment).toEqual({ booking_id: result.booking.id, amount_krw: 240_000 });
      expect(result.status_after_payment).toBe('paid');
      expect([result.confirmed, result.completed]).toEqual(['confirmed', 'completed']);
      expect(result.review).toMatchObject({ booking_id: result.booking.id, rating: 5, comment: 'Amazing experience!' });
      expect(result.not_found).toMatchObject({ status: 404, code: 'NOT_FOUND' });
      expect(result.anonymous).toEqual({ status: 401, code: 'UNAUTHORIZED', class: 'AuthenticationError' });
      expect(result.after_refresh).toBe(result.registered_user.id);
      expect(result.rotated).toBe(true);
    });
  });
});

describe('the TypeScript SDK under 429 and 503', () => {
  let server: Server;
  let baseUrl: string;
  const seen: { method: string; url: string; key: string | undefined; at: number }[] = [];
  let script: number[] = [];

  beforeAll(async () => {
    // A stand-in gateway that answers from a script of statuses, then 200.
    server = createServer((request, response) => {
      seen.push({
        method: request.method ?? '',
        url: request.url ?? '',
        key: request.headers['idempotency-key'] as string,
        at: Date.now(),
      });
      const status = script.shift() ?? 200;
      if (status === 200) {
        response.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ plans: [] }));
        return;
      }
      response
        .writeHead(status, { 'Content-Type': 'application/json', ...(status === 429 ? { 'Retry-After': '1' } : {}) })
        .end(
          JSON.stringify({ error: { code: status === 429 ? 'RATE_LIMIT_EXCEEDED' : 'SERVICE_UNAVAILABLE', message: 'x', details: null } }),
        );
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));
  beforeEach(() => {
    seen.length = 0;
  });

  it('waits Retry-After on a 429 and tries again, with the same Idempotency-Key', async () => {
    script = [429];
    const client = new SoftFactory({ baseUrl, accessToken: 't' });
    await client.payment.checkout({ product_id: 1 });
    expect(seen).toHaveLength(2);
    expect(seen[1].at - seen[0].at).toBeGreaterThanOrEqual(900);
    expect(seen[0].key).toMatch(/^[0-9a-f-]{36}$/);
    expect(seen[1].key).toBe(seen[0].key);
  });

  it('retries a GET on 503, but not a POST without a key of the caller; gives up after maxRetries', async () => {
    script = [503];
    const client = new SoftFactory({ baseUrl, maxRetries: 2, maxRetryDelayMs: 50 });
    await client.payment.listPlans();
    expect(seen).toHaveLength(2);
    script = [503];
    await expect(client.payment.checkout({ product_id: 1 })).rejects.toMatchObject({ status: 503, code: 'SERVICE_UNAVAILABLE' });
    script = [503, 503, 503];
    seen.length = 0;
    await expect(client.payment.listPlans()).rejects.toMatchObject({ status: 503 });
    expect(seen).toHaveLength(3);
    expect(seen[0].url).toBe('/api/v1/payment/plans');
  });
});
