import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { ApiClient, eventually, registerUser } from '@sf/testing';
import { bootstrapGateway } from '../../../apps/gateway/src/gateway.bootstrap';
import { loadGatewayConfig } from '../../../apps/gateway/src/gateway.config';
import { PaymentFleet, startPaymentFleet } from '../payment-fleet';

const USER_PER_MIN = 50_000;
const PREMIUM_PER_MIN = 70_000;

function tokenTier(token: string): string {
  return JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString()).tier;
}

describe('plans set the account tier that rate limits read', () => {
  let env: PaymentFleet;
  let api: ApiClient;

  beforeAll(async () => {
    env = await startPaymentFleet(undefined, {
      RATE_LIMIT_USER_PER_MIN: String(USER_PER_MIN),
      RATE_LIMIT_PREMIUM_PER_MIN: String(PREMIUM_PER_MIN),
    });
    api = env.api;
  });
  afterAll(() => env?.close());

  it('moves a user free → premium → enterprise → free with their subscriptions, at once for live tokens', async () => {
    const user = await registerUser(api);
    const before = await api.get('/api/auth/me', { token: user.accessToken });
    expect(before.body.tier).toBe('free');
    expect(before.headers.get('x-ratelimit-limit')).toBe(String(USER_PER_MIN));

    const subscribed = await api.post(
      '/api/payment/subscribe',
      { product_id: 1, stripe_token: 'pm_card_visa' },
      { token: user.accessToken },
    );
    expect(subscribed.status).toBe(201);

    // The token issued before the subscription is limited as premium at once (the gateway follows user.tier_changed)...
    await eventually(async () => {
      const me = await api.get('/api/auth/me', { token: user.accessToken });
      expect(me.body.tier).toBe('premium');
      expect(me.headers.get('x-ratelimit-limit')).toBe(String(PREMIUM_PER_MIN));
    }, 10_000);
    // ...and new tokens carry the tier.
    const login = await api.post('/api/auth/login', { email: user.email, password: user.password });
    expect(tokenTier(login.body.access_token)).toBe('premium');

    const changed = await api.put(
      `/api/payment/subscriptions/${subscribed.body.subscription_id}`,
      { plan_slug: 'enterprise' },
      { token: user.accessToken },
    );
    expect(changed.status).toBe(200);
    await eventually(async () => {
      const me = await api.get('/api/auth/me', { token: user.accessToken });
      expect(me.body.tier).toBe('enterprise');
      expect(me.headers.get('x-ratelimit-limit')).toBeNull(); // unlimited
    }, 10_000);

    expect((await api.delete(`/api/payment/subscriptions/${subscribed.body.subscription_id}`, { token: user.accessToken })).status).toBe(
      204,
    );
    const stripeId = env.stripe.events('customer.subscription.created').find((e) => e.data.object.metadata.user_id === user.id)?.data
      .object.id;
    env.stripe.endSubscriptionPeriod(stripeId);
    await eventually(async () => {
      const me = await api.get('/api/auth/me', { token: login.body.access_token });
      expect(me.body.tier).toBe('free');
      expect(me.headers.get('x-ratelimit-limit')).toBe(String(USER_PER_MIN));
    }, 10_000);
  });

  it('applies a recent change in a gateway started after it, to tokens issued before it', async () => {
    const user = await registerUser(api);
    await api.post('/api/payment/subscribe', { product_id: 3, stripe_token: 'pm_card_visa' }, { token: user.accessToken });
    await eventually(async () => expect((await api.get('/api/auth/me', { token: user.accessToken })).body.tier).toBe('premium'), 10_000);
    let late: NestFastifyApplication | undefined;
    try {
      late = await bootstrapGateway(loadGatewayConfig({ ...env.fleet.env, PORT: '0' }));
      const client = new ApiClient((await late.getUrl()).replace('[::1]', '127.0.0.1'));
      await eventually(async () => expect((await client.get('/health/ready')).status).toBe(200), 10_000);
      const me = await client.get('/api/auth/me', { token: user.accessToken });
      expect(tokenTier(user.accessToken)).toBe('free');
      expect(me.headers.get('x-ratelimit-limit')).toBe(String(PREMIUM_PER_MIN));
    } finally {
      await late?.close();
    }
  });

  it("leaves other users' tiers alone", async () => {
    const bystander = await registerUser(api);
    const buyer = await registerUser(api);
    await api.post('/api/payment/subscribe', { product_id: 2, stripe_token: 'pm_card_visa' }, { token: buyer.accessToken });
    await eventually(async () => expect((await api.get('/api/auth/me', { token: buyer.accessToken })).body.tier).toBe('premium'), 10_000);
    const me = await api.get('/api/auth/me', { token: bystander.accessToken });
    expect(me.body.tier).toBe('free');
    expect(me.headers.get('x-ratelimit-limit')).toBe(String(USER_PER_MIN));
  });
});
