import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ApiClient, eventually, runPythonScript } from '@sf/testing';
import { authService, coocookService, paymentService } from '../fleet';
import { PaymentFleet, payCheckout, startPaymentFleet } from '../payment-fleet';
import { registerChef, subscribeToCoocook } from './coocook-helpers';

const DRIVER = path.join(__dirname, 'workflow2.py');
const SEED = path.resolve(__dirname, '../../../../shared/seeds/000_a5d986c196a8dc34.txt');

function runDriver(args: string[]): Promise<any> {
  return runPythonScript(DRIVER, args, { timeoutMs: 40_000 });
}

/**
 * Seed workflow 2 ("Book a Chef (CooCook)") as the seed's Python writes it, after the user has
 * subscribed to product 1 as workflow 1 does: browse chefs with filters, view one, book, pay,
 * the chef confirms and completes, the guest reviews; the chef's rating changes.
 */
describe('seed workflow 2: book a chef', () => {
  let env: PaymentFleet;
  let api: ApiClient;

  beforeAll(async () => {
    env = await startPaymentFleet([authService, paymentService, coocookService], { DEMO_MODE: 'false' });
    api = env.api;
  });
  afterAll(() => env?.close());

  (existsSync(SEED) ? it : it.skip)('runs the seed text verbatim (the driver holds it unchanged, split after step 4)', () => {
    const driver = readFileSync(DRIVER, 'utf8');
    const blocks = [...driver.matchAll(/# ---- BEGIN VERBATIM[^\n]*\n[A-Z_0-9]+ = """([\s\S]*?)"""\n# ---- END VERBATIM ----/g)].map(
      (m) => m[1],
    );
    expect(blocks).toHaveLength(2);
    expect(blocks[0]).toMatch(/^# 1\. Browse chefs/);
    expect(blocks[1]).toMatch(/^# 5\. Chef confirms booking/);
    expect(readFileSync(SEED, 'utf8')).toContain(blocks.join(''));
  });

  it('books, pays, has the chef confirm and complete, takes the review, and moves the chef’s rating', async () => {
    // Workflow 1: register with the seed's body, then subscribe to product 1.
    const register = await api.post('/api/auth/register', {
      email: `newuser-${Date.now()}@example.com`,
      password: 'SecurePassword123',
      name: 'John Doe',
    });
    expect(register.status).toBe(201);
    const guest = { id: register.body.user.id, accessToken: register.body.access_token } as any;
    await subscribeToCoocook(api, guest, payCheckout, eventually);

    const { user: chefUser, chef } = await registerChef(api, {
      name: 'Marco Seoul',
      cuisine: 'Italian',
      location: 'Seoul',
      hourly_rate_krw: 80_000,
    });
    expect((await api.get(`/api/coocook/chefs/${chef.id}`)).body).toMatchObject({ rating_avg: 0, rating_count: 0 });

    const result = await runDriver([env.fleet.baseUrl, guest.accessToken, chefUser.accessToken]);

    // 1-2. Browse with filters, then the detail.
    expect(result.chefs).toMatchObject({ total: 1, page: 1, chefs: [{ id: chef.id, cuisine: 'Italian', location: 'Seoul' }] });
    expect(result.chef_detail).toMatchObject({ id: chef.id, name: 'Marco Seoul', rating_avg: 0, rating_count: 0 });
    // 3. The booking.
    expect(result.booking).toMatchObject({
      chef_id: chef.id,
      guest_id: guest.id,
      booking_date: '2031-03-15T19:00:00.000Z',
      duration_hours: 3,
      special_requests: 'Vegetarian options',
      status: 'pending',
      total_price: 240_000,
    });
    // 4. The payment: a checkout like any other, which completes the payment when opened.
    expect(result.payment).toMatchObject({ booking_id: result.booking.id, amount_krw: 240_000, currency: 'KRW' });
    expect(result.payment.checkout_url).toMatch(/^http/);
    expect(result.status_after_payment).toBe('paid');
    // 5-6. The chef confirms and completes.
    expect(result.confirmed).toMatchObject({ status: 200, body: { status: 'confirmed' } });
    expect(result.completed).toMatchObject({ status: 200, body: { status: 'completed' } });
    // 7. The review.
    expect(result.review).toMatchObject({ booking_id: result.booking.id, chef_id: chef.id, rating: 5, comment: 'Amazing experience!' });

    const after = await api.get(`/api/coocook/chefs/${chef.id}`);
    expect(after.body).toMatchObject({ rating_avg: 5, rating_count: 1, rating_summary: { distribution: { '5': 1 } } });
    const booking = await api.get(`/api/coocook/bookings/${result.booking.id}`, { token: guest.accessToken });
    expect(booking.body).toMatchObject({ status: 'completed', review: { rating: 5 } });
  });
});
