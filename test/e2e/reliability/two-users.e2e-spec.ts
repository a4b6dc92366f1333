import { ALL_ENDPOINTS } from '@sf/contracts';
import { RegisteredUser } from '@sf/testing';
import { checkOwnership } from '../../../reliability/ownership';
import { adminEmail, registerFirstAdmin } from '../admin/admin-helpers';
import { FullFleet, startFullFleet } from '../full-fleet';
import { payCheckout } from '../payment-fleet';
import { FactoryContext, OBJECT_FACTORIES, subscribedUser } from './object-factories';

describe('two users: B, by token and by API key, never reaches an object of A’s on any declared route', () => {
  let env: FullFleet;
  let ctx: FactoryContext;
  let intruder: RegisteredUser;
  let intruderKey: string;
  const email = adminEmail();

  beforeAll(async () => {
    env = await startFullFleet({
      DEMO_MODE: 'false',
      ADMIN_EMAILS: email,
      WEBHOOK_ALLOWED_HOSTS: '127.0.0.1',
      REVIEW_SOURCE_MIN_INTERVAL_MS: '0',
    });
    const api = env.api;
    const admin = await registerFirstAdmin(api, email);
    const [owner, third] = await Promise.all([subscribedUser(api, payCheckout), subscribedUser(api, payCheckout)]);
    intruder = await subscribedUser(api, payCheckout);
    const key = await api.post(
      '/api/settings/api-keys',
      {
        name: 'intruder',
        permissions: ['read:profile', 'write:profile', 'read:payment', 'write:payment', 'read:sns', 'write:sns'].concat([
          'read:review',
          'write:review',
          'read:coocook',
          'write:coocook',
          'read:files',
          'write:files',
          'read:automation',
          'write:automation',
          'read:sites',
          'write:sites',
        ]),
      },
      { token: intruder.accessToken },
    );
    expect(key.status).toBe(201);
    intruderKey = key.body.key;
    ctx = { env, api, owner, third, admin };
  }, 180_000);
  afterAll(() => env?.close());

  it('has a factory for every kind of object a declared route names, and B gets 404 on reads, 403/404 on writes, A’s objects unchanged, B’s lists never holding them', async () => {
    const report = await checkOwnership({
      api: env.api,
      routes: ALL_ENDPOINTS,
      factories: OBJECT_FACTORIES,
      ctx,
      ownerToken: () => ctx.owner.accessToken,
      intruder: { token: intruder.accessToken, apiKey: intruderKey },
      // B's lists: every GET without path parameters a signed-in user may call.
      lists: ALL_ENDPOINTS.filter((e) => e.method === 'GET' && !e.path.includes(':') && e.access.kind === 'user').map((e) => e.path),
    });
    // A new object route adds its factory in object-factories.ts; a factory of a route gone goes too.
    expect(report.missingFactories).toEqual([]);
    expect(report.staleFactories).toEqual([]);
    expect(report.failures).toEqual([]);
    expect(report.tried).toBeGreaterThan(150);
  }, 600_000);
});
