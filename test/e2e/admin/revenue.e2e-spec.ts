import { ApiClient, eventually, registerUser, RegisteredUser } from '@sf/testing';
import { PaymentFleet } from '../payment-fleet';
import { adminEmail, registerFirstAdmin } from './admin-helpers';
import { startRevenueFleet, subscribeThroughCheckout } from './analytics-helpers';

describe('subscriptions and revenue from the event history, and commands to payment', () => {
  let env: PaymentFleet;
  let api: ApiClient;
  let root: RegisteredUser;
  const email = adminEmail();

  beforeAll(async () => {
    env = await startRevenueFleet(email);
    api = env.api;
    root = await registerFirstAdmin(api, email);
  });
  afterAll(() => env?.close());

  const stats = (query: Record<string, string> = {}) => api.get('/api/admin/subscriptions/stats', { token: root.accessToken, query });

  it('says there is no data rather than making figures up', async () => {
    const empty = await stats();
    expect(empty.status).toBe(200);
    expect(empty.body).toMatchObject({ active_count: 0, canceled_count: 0, mrr_krw: 0, arr_krw: 0, churn_rate: null, plan_mix: [] });
    expect(empty.body.notes.join(' ')).toMatch(/No active subscription/);
    const reversed = await stats({ date_from: '2030-01-02T00:00:00Z', date_to: '2030-01-01T00:00:00Z' });
    expect(reversed.status).toBe(422);
    expect(reversed.body.error.details).toHaveProperty('date_from');
  });

  it('gives exact MRR, ARR, plan mix and churn for monthly, annual and cancelled subscriptions made through checkout; refunds reach Stripe, payment and revenue', async () => {
    const users = await Promise.all([1, 2, 3, 4].map(() => registerUser(api)));
    const made = [
      await subscribeThroughCheckout(api, users[0], { product_id: 1, plan_slug: 'pro', billing_period: 'monthly' }),
      await subscribeThroughCheckout(api, users[1], { product_id: 2, plan_slug: 'pro', billing_period: 'annual' }),
      await subscribeThroughCheckout(api, users[2], { product_id: 3, plan_slug: 'enterprise', billing_period: 'monthly' }),
      await subscribeThroughCheckout(api, users[3], { product_id: 4, plan_slug: 'pro', billing_period: 'annual' }),
    ];
    await eventually(async () => expect((await stats()).body.active_count).toBe(4), 15_000);
    const beforeCancel = new Date().toISOString();

    const cancelled = made[3];
    expect((await api.delete(`/api/admin/subscriptions/${cancelled.id}`, { token: root.accessToken })).status).toBe(422);
    const cancel = await api.request('DELETE', `/api/admin/subscriptions/${cancelled.id}`, {
      token: root.accessToken,
      body: { reason: 'Chargeback risk' },
    });
    expect(cancel.status).toBe(204);
    await eventually(async () => expect((await stats()).body.canceled_count).toBe(1), 15_000);
    const mine = await api.get(`/api/payment/subscriptions/${cancelled.id}`, { token: users[3].accessToken });
    expect(mine.body.status).toBe('canceled');

    // Computed here, from payment's own answers: ARR = 12 × monthly prices + annual prices; MRR = ARR / 12.
    const active = made.slice(0, 3);
    const arr = active.reduce((sum, s) => sum + (s.plan_type === 'annual' ? s.amount_krw : 12 * s.amount_krw), 0);
    const figures = await stats({ date_from: beforeCancel });
    expect(figures.body).toMatchObject({ active_count: 3, canceled_count: 1, arr_krw: arr, mrr_krw: Math.round(arr / 12) });
    expect(figures.body.churn).toMatchObject({ active_at_start: 4, cancelled: 1 });
    expect(figures.body.churn_rate).toBeCloseTo(1 / 4, 4);
    expect(
      figures.body.plan_mix
        .map((m: any) => [m.product_slug, m.plan_slug, m.plan_type, m.count])
        .sort((a: any, b: any) => a[0].localeCompare(b[0])),
    ).toEqual(active.map((s) => [s.product_slug, s.plan_slug, s.plan_type, 1]).sort((a, b) => String(a[0]).localeCompare(String(b[0]))));

    const listed = await api.get('/api/admin/subscriptions', { token: root.accessToken, query: { status: 'canceled' } });
    expect(listed.body.subscriptions.map((s: any) => s.id)).toContain(cancelled.id);
    const byProduct = await api.get('/api/admin/subscriptions', { token: root.accessToken, query: { product: 'sns-auto', plan: 'pro' } });
    expect(byProduct.body.subscriptions.map((s: any) => s.user_id)).toEqual([users[1].id]);
    const one = await api.get(`/api/admin/subscriptions/${made[0].id}`, { token: root.accessToken });
    expect(one.body).toMatchObject({
      id: made[0].id,
      user_id: users[0].id,
      amount_krw: made[0].amount_krw,
      monthly_krw: made[0].amount_krw,
    });
    const churn = await api.get('/api/admin/subscriptions/churn-analysis', { token: root.accessToken, query: { date_from: beforeCancel } });
    expect(churn.body.overall).toMatchObject({ active_at_start: 4, cancelled: 1 });
    expect(churn.body.by_product.find((g: any) => g.key === cancelled.product_slug)).toMatchObject({
      active_at_start: 1,
      cancelled: 1,
      churn_rate: 1,
    });

    // A partial refund of the monthly subscription's charge, through admin, payment and the local Stripe.
    const refund = await api.post(
      `/api/admin/subscriptions/${made[0].id}/refund`,
      { amount_krw: 1000, reason: 'Service outage credit' },
      { token: root.accessToken },
    );
    expect(refund.status).toBe(201);
    expect(refund.body).toMatchObject({ amount_krw: 1000, status: 'succeeded' });
    expect(env.stripe.events('charge.refunded').some((e) => e.data.object.amount_refunded === 1000)).toBe(true);
    const history = await api.get('/api/payment/history', { token: users[0].accessToken });
    expect(history.body.history ?? history.body.items ?? history.body.payments).toEqual(
      expect.arrayContaining([expect.objectContaining({ status: 'partially_refunded' })]),
    );
    await eventually(async () => {
      const revenue = await api.get('/api/admin/metrics/revenue', { token: root.accessToken });
      expect(revenue.body).toMatchObject({ refunded_krw: 1000, refunds_count: 1, total_mrr_krw: Math.round(arr / 12) });
      const gross = made.reduce((sum, s) => sum + s.amount_krw, 0);
      expect(revenue.body).toMatchObject({ gross_revenue_krw: gross, net_revenue_krw: gross - 1000 });
    }, 15_000);
    // Lifetime value by plan: each holder's net revenue (charges less refunds) over the holders.
    const ltv = await api.get('/api/admin/analytics/ltv', { token: root.accessToken });
    expect(ltv.status).toBe(200);
    const monthlyKey = `${made[0].product_slug}/${made[0].plan_slug}/${made[0].plan_type}`;
    expect(ltv.body.by_plan.find((r: any) => r.key === monthlyKey)).toEqual({
      key: monthlyKey,
      users: 1,
      revenue_krw: made[0].amount_krw - 1000,
      mean_revenue_krw: made[0].amount_krw - 1000,
    });
    expect(ltv.body.method).toMatch(/churn/);
    const audit = await api.get('/api/admin/audit-logs', { token: root.accessToken, query: { resource_type: 'subscription' } });
    expect(audit.body.logs.map((l: any) => l.action).sort()).toEqual(['admin.subscription.cancelled', 'admin.subscription.refunded']);
    expect((await api.post(`/api/admin/subscriptions/${made[0].id}/refund`, {}, { token: root.accessToken })).status).toBe(422);

    // A plan change by an administrator goes through payment and Stripe; the figures follow its event.
    expect((await api.put(`/api/admin/subscriptions/${made[2].id}`, {}, { token: root.accessToken })).status).toBe(422);
    const changed = await api.put(
      `/api/admin/subscriptions/${made[2].id}`,
      { plan_type: 'annual', reason: 'Customer asked by phone' },
      { token: root.accessToken },
    );
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ id: made[2].id, plan_type: 'annual', plan_slug: 'enterprise', status: 'active' });
    const arrAfter = arr - 12 * made[2].amount_krw + changed.body.amount_krw;
    await eventually(
      async () => expect((await stats()).body).toMatchObject({ arr_krw: arrAfter, mrr_krw: Math.round(arrAfter / 12) }),
      15_000,
    );

    // A pause: still active and entitled, nothing charged, so nothing in MRR; resuming brings it back.
    const paused = await api.put(`/api/admin/subscriptions/${made[1].id}`, { pause: true }, { token: root.accessToken });
    expect(paused.body).toMatchObject({ id: made[1].id, status: 'active', paused: true, next_billing_date: null });
    const arrPaused = arrAfter - made[1].amount_krw;
    await eventually(
      async () =>
        expect((await stats()).body).toMatchObject({
          active_count: 3,
          paused_count: 1,
          arr_krw: arrPaused,
          mrr_krw: Math.round(arrPaused / 12),
        }),
      15_000,
    );
    expect((await api.get(`/api/payment/subscriptions/${made[1].id}`, { token: users[1].accessToken })).body.paused).toBe(true);
    expect((await api.get(`/api/admin/subscriptions/${made[1].id}`, { token: root.accessToken })).body).toMatchObject({
      paused: true,
      monthly_krw: 0,
    });
    const resumed = await api.put(`/api/admin/subscriptions/${made[1].id}`, { pause: false }, { token: root.accessToken });
    expect(resumed.body.paused).toBe(false);
    await eventually(async () => expect((await stats()).body).toMatchObject({ paused_count: 0, arr_krw: arrAfter }), 15_000);

    const changes = await api.get('/api/admin/audit-logs', { token: root.accessToken, query: { action: 'admin.subscription.changed' } });
    expect(changes.body.logs.map((l: any) => [l.resource_id, l.user_id, l.actor_id])).toEqual([
      [made[1].id, users[1].id, root.id],
      [made[1].id, users[1].id, root.id],
      [made[2].id, users[2].id, root.id],
    ]);
    expect(
      (await api.request('DELETE', `/api/admin/subscriptions/${cancelled.id}`, { token: root.accessToken, body: { reason: 'Again' } }))
        .status,
    ).toBe(409);
  });
});
