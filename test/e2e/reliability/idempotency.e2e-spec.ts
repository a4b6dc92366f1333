import { randomUUID } from 'node:crypto';
import { ALL_ENDPOINTS } from '@sf/contracts';
import { ApiClient, RegisteredUser } from '@sf/testing';
import { adminEmail, registerFirstAdmin } from '../admin/admin-helpers';
import { daysFromNow, recipeBody, registerChef } from '../coocook/coocook-helpers';
import { FullFleet, startFullFleet } from '../full-fleet';
import { payCheckout } from '../payment-fleet';
import { campaignBody } from '../review/review-helpers';
import { subscribedUser } from './object-factories';

/** POSTs that create and do not honour `Idempotency-Key`, with why. */
const NOT_IDEMPOTENT: Record<string, string> = {
  'POST /api/auth/register': 'anonymous: there is no caller to hold the key',
  'POST /api/files/upload': 'streamed: each attempt stores its own staging object, so a repeat is a new upload',
  'POST /api/settings/api-keys': 'the answer holds the key, shown once and stored hashed only: a repeat cannot answer it again',
  'POST /api/settings/webhooks': 'the answer holds the signing secret, shown once and stored encrypted: a repeat cannot answer it again',
  'POST /sites/:slug/forms/:component_id': "anonymous: a published site's visitors have no account to hold the key",
};

describe('Idempotency-Key on every POST that creates (libs/idempotency, applied by @Handles)', () => {
  let env: FullFleet;
  let api: ApiClient;
  let user: RegisteredUser;
  let admin: RegisteredUser;
  let chefId: string;
  const email = adminEmail();

  beforeAll(async () => {
    env = await startFullFleet({ DEMO_MODE: 'false', ADMIN_EMAILS: email });
    api = env.api;
    admin = await registerFirstAdmin(api, email);
    user = await subscribedUser(api, payCheckout);
    chefId = (await registerChef(api)).chef.id;
  }, 120_000);
  afterAll(() => env?.close());

  it('is declared on every creating POST but the few listed with a reason', () => {
    const creating = ALL_ENDPOINTS.filter((e) => e.method === 'POST' && e.status === 201);
    expect(creating.length).toBeGreaterThan(25);
    const undeclared = creating
      .filter((e) => !e.idempotent && !NOT_IDEMPOTENT[`${e.method} ${e.path}`])
      .map((e) => `${e.method} ${e.path}`);
    expect(undeclared).toEqual([]);
  });

  it('leaves the key free when the request is refused: the effect and the answer roll back together', async () => {
    const key = randomUUID();
    const headers = { 'Idempotency-Key': key };
    const nobody = { chef_id: randomUUID(), booking_date: daysFromNow(40), duration_hours: 2 };
    expect((await api.post('/api/coocook/bookings', nobody, { token: user.accessToken, headers })).status).toBe(404);
    const booked = await api.post(
      '/api/coocook/bookings',
      { chef_id: chefId, booking_date: daysFromNow(40), duration_hours: 2 },
      { token: user.accessToken, headers },
    );
    expect(booked.status).toBe(201);
  });

  /** One creating route per service (and the booking, which has its own key as well), with two different bodies. */
  const CASES: { path: string; body: () => unknown; other: () => unknown; as?: () => RegisteredUser; taken?: true }[] = [
    {
      path: '/api/payment/invoices',
      body: () => ({ items: [{ description: 'Work', quantity: 1, price_krw: 1000 }] }),
      other: () => ({ items: [{ description: 'Work', quantity: 2, price_krw: 1000 }] }),
    },
    { path: '/api/recipes', body: () => recipeBody({ title: 'Keyed' }), other: () => recipeBody({ title: 'Other' }) },
    {
      path: '/api/coocook/meal-plans',
      body: () => ({ name: 'Week', start_date: '2031-01-06', end_date: '2031-01-12' }),
      other: () => ({ name: 'Other', start_date: '2031-01-06', end_date: '2031-01-12' }),
    },
    {
      path: '/api/coocook/bookings',
      body: () => ({ chef_id: chefId, booking_date: daysFromNow(20), duration_hours: 2 }),
      other: () => ({ chef_id: chefId, booking_date: daysFromNow(21), duration_hours: 2 }),
      taken: true,
    },
    {
      path: '/api/search/saved',
      body: () => ({ query_text: 'kimchi', name: 'Mine' }),
      other: () => ({ query_text: 'bibimbap', name: 'Mine' }),
    },
    {
      path: '/api/rbac/roles',
      body: () => ({ name: 'keyed-role', permissions: [] }),
      other: () => ({ name: 'other-role', permissions: [] }),
      taken: true,
      as: () => admin,
    },
    { path: '/api/review/campaigns', body: () => campaignBody({ title: 'Keyed' }), other: () => campaignBody({ title: 'Other' }) },
    {
      path: '/api/review/auto-apply/rules',
      body: () => ({ name: 'Keyed', is_active: false }),
      other: () => ({ name: 'Other', is_active: false }),
    },
    {
      path: '/api/sns/campaigns',
      body: () => ({ name: 'Keyed', campaign_type: 'awareness' }),
      other: () => ({ name: 'Other', campaign_type: 'awareness' }),
    },
    {
      path: '/api/ai-automation/workflow',
      body: () => ({
        name: 'Keyed',
        trigger: { type: 'manual' },
        steps: [{ id: 'tell', type: 'notify', params: { title: 'a', body: 'b' } }],
      }),
      other: () => ({
        name: 'Other',
        trigger: { type: 'manual' },
        steps: [{ id: 'tell', type: 'notify', params: { title: 'a', body: 'b' } }],
      }),
    },
    {
      path: '/api/ai-automation/task',
      body: () => ({ name: 'Keyed', type: 'ai.generate', params: { prompt: 'hello' } }),
      other: () => ({ name: 'Other', type: 'ai.generate', params: { prompt: 'hello' } }),
    },
    { path: '/api/webapp-builder/site', body: () => ({ name: 'Keyed site' }), other: () => ({ name: 'Other site' }) },
    {
      path: '/api/sns/linkinbio',
      body: () => ({ title: 'Keyed', url: 'https://blog.example.com' }),
      other: () => ({ title: 'Other', url: 'https://blog.example.com' }),
    },
  ];

  it.each(CASES.map((c) => [c.path, c]))(
    'POST %s: six concurrent repeats and a late one answer the first 201; another body under the key is a 422 naming it',
    async (_path, c) => {
      const caller = (c.as ?? (() => user))();
      const key = randomUUID();
      const send = (body: unknown) => api.post(c.path, body, { token: caller.accessToken, headers: { 'Idempotency-Key': key } });
      const answers = await Promise.all(Array.from({ length: 6 }, () => send(c.body())));
      expect(answers.map((a) => a.status)).toEqual(Array(6).fill(201));
      expect(answers.map((a) => a.body)).toEqual(Array(6).fill(answers[0].body));
      const late = await send(c.body());
      expect([late.status, late.body]).toEqual([201, answers[0].body]);
      const other = await send(c.other());
      expect(other.status).toBe(422);
      expect(other.body.error.details).toHaveProperty('Idempotency-Key');
      // Under a new key the same body is a new request: a new object, or a 409 where the first holds what it asks for (a role's name, a chef's slot).
      const fresh = await api.post(c.path, c.body(), { token: caller.accessToken, headers: { 'Idempotency-Key': randomUUID() } });
      expect(fresh.status).toBe(c.taken ? 409 : 201);
      if (fresh.status === 201) expect(fresh.body.id).not.toBe(answers[0].body.id);
    },
    60_000,
  );
});
