import { randomUUID } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { ApiClient, eventually, RegisteredUser, registerUser } from '@sf/testing';
import { bootstrapGateway } from '../../../apps/gateway/src/gateway.bootstrap';
import { loadGatewayConfig } from '../../../apps/gateway/src/gateway.config';
import { payCheckout } from '../payment-fleet';
import { NotificationsFleet, startNotificationsFleet } from './notifications-fleet';
import { connected, openSocket, TestSocket } from './sockets';

describe('Socket.IO on the gateway: handshake, rooms, pushes from NATS, revocation', () => {
  let env: NotificationsFleet;
  let api: ApiClient;
  let a: RegisteredUser;
  let b: RegisteredUser;
  const sockets: TestSocket[] = [];
  const open = (namespace: string, options: Parameters<typeof openSocket>[2]) => {
    const socket = openSocket(env.fleet.baseUrl, namespace, options);
    sockets.push(socket);
    return socket;
  };
  /** What a product service does to push: publish on `push.<namespace>` (prefixed like every subject). */
  const publish = (namespace: string, message: unknown) =>
    env.fleet.nats.publish(env.fleet.subject(`push.${namespace}`), JSON.stringify(message));

  beforeAll(async () => {
    env = await startNotificationsFleet(undefined, { DEMO_MODE: 'false' });
    api = env.api;
    [a, b] = [await registerUser(api), await registerUser(api)];
  }, 60_000);
  afterAll(async () => {
    for (const socket of sockets) socket.close();
    await env?.close();
  });

  it("delivers A's push on /sns to A's socket only, never to B's", async () => {
    const socketA = open('sns', { token: a.accessToken });
    const socketB = open('sns', { headers: { Authorization: `Bearer ${b.accessToken}` } });
    await Promise.all([connected(socketA), connected(socketB)]);
    const post = { post_id: randomUUID(), platform: 'instagram' };
    publish('sns', { user_ids: [a.id], event: 'post:published', data: post });
    expect(await socketA.next('post:published')).toEqual(post);
    // B's own push, published after A's, is the first thing B receives: A's never reached it.
    publish('sns', { user_ids: [b.id], event: 'post:created', data: { post_id: 'b-post' } });
    await socketB.next('post:created');
    expect(socketB.received.map((r) => r.event)).toEqual(['post:created']);
    // The replica counts its sockets and the pushes it emitted.
    const metrics = await (await fetch(`${await env.fleet.gatewayMetricsUrl()}/metrics`)).text();
    expect(metrics).toMatch(/gateway_websocket_connections\{namespace="sns"[^}]*\} [1-9]/);
    expect(metrics).toMatch(/gateway_pushes_total\{namespace="sns"[^}]*\} [1-9]/);
  });

  it("emits a push from every gateway replica to that replica's own sockets", async () => {
    // A second replica of the gateway on the same NATS.
    const replica = await bootstrapGateway(loadGatewayConfig({ ...env.fleet.env, PORT: '0' }));
    try {
      const replicaUrl = (await replica.getUrl()).replace('[::1]', '127.0.0.1');
      const here = open('orders', { token: a.accessToken });
      const there = openSocket(replicaUrl, 'orders', { token: a.accessToken });
      sockets.push(there);
      await Promise.all([connected(here), connected(there)]);
      publish('orders', { user_ids: [a.id], event: 'order:updated', data: { order_id: 'o-1', status: 'shipped' } });
      expect(await here.next('order:updated')).toEqual({ order_id: 'o-1', status: 'shipped' });
      expect(await there.next('order:updated')).toEqual({ order_id: 'o-1', status: 'shipped' });
    } finally {
      await replica.close();
    }
  });

  it('refuses a handshake without credentials, with a bad token, or on the default namespace', async () => {
    for (const options of [{}, { token: 'not-a-jwt' }, { token: `${a.accessToken.slice(0, -4)}AAAA` }, { token: 'ApiKey sk_bogus' }]) {
      const refused = open('sns', options);
      const error = await connected(refused).then(
        () => null,
        (e: Error & { data?: { code?: string } }) => e,
      );
      expect(error?.data).toEqual({ code: 'UNAUTHORIZED' });
      expect(refused.socket.connected).toBe(false);
    }
    const root = open('', { token: a.accessToken });
    await expect(connected(root)).rejects.toThrow();
  });

  it("drops A's socket when A logs out, and refuses A's token afterwards", async () => {
    const user = await registerUser(api);
    const socket = open('notifications', { token: user.accessToken });
    await connected(socket);
    const dropped = new Promise<string>((resolve) => socket.socket.once('disconnect', (reason) => resolve(reason)));
    const logout = await api.post('/api/auth/logout', { refresh_token: user.refreshToken }, { token: user.accessToken });
    expect(logout.status).toBe(200);
    expect(await dropped).toBe('io server disconnect');
    await expect(connected(open('notifications', { token: user.accessToken }))).rejects.toMatchObject({ data: { code: 'UNAUTHORIZED' } });
  });

  it('admits an API key holding the namespace scope, refuses one without it, and drops it when revoked', async () => {
    const created = await api.post('/api/settings/api-keys', { name: 'socket', permissions: ['read:sns'] }, { token: a.accessToken });
    expect(created.status).toBe(201);
    const keyed = open('sns', { token: `ApiKey ${created.body.key}` });
    await connected(keyed);
    publish('sns', { user_ids: [a.id], event: 'trending:updated', data: { tags: ['food'] } });
    expect(await keyed.next('trending:updated')).toEqual({ tags: ['food'] });
    const wrongScope = open('orders', { headers: { Authorization: `ApiKey ${created.body.key}` } });
    await expect(connected(wrongScope)).rejects.toMatchObject({ data: { code: 'FORBIDDEN' } });
    const dropped = new Promise<string>((resolve) => keyed.socket.once('disconnect', (why) => resolve(why)));
    expect((await api.delete(`/api/settings/api-keys/${created.body.id}`, { token: a.accessToken })).status).toBe(204);
    expect(await dropped).toBe('io server disconnect');
  });

  it('disconnects a socket when its token expires', async () => {
    // A token like the auth service's, signed with the fleet's key, that expires in two seconds.
    const issued = jwt.decode(a.accessToken, { complete: true }) as jwt.Jwt;
    const { iat: _iat, exp: _exp, ...claims } = issued.payload as jwt.JwtPayload;
    const now = Math.floor(Date.now() / 1000);
    const shortLived = jwt.sign({ ...claims, iat: now, exp: now + 2 }, env.fleet.env.JWT_PRIVATE_KEY, {
      algorithm: 'RS256',
      keyid: issued.header.kid,
    });
    const socket = open('notifications', { token: shortLived });
    await connected(socket);
    const reason = await new Promise<string>((resolve) => socket.socket.once('disconnect', (why) => resolve(why)));
    expect(reason).toBe('io server disconnect');
    expect(Date.now() / 1000).toBeGreaterThanOrEqual(now + 2);
  });

  it('pushes an issued invoice to the owner on /orders and the new notice on /notifications', async () => {
    const orders = open('orders', { token: a.accessToken });
    const notices = open('notifications', { token: `Bearer ${a.accessToken}` });
    await Promise.all([connected(orders), connected(notices)]);
    const created = await api.post(
      '/api/payment/invoices',
      { items: [{ description: 'Plan', quantity: 1, price_krw: 9_900 }] },
      { token: a.accessToken },
    );
    expect(created.status).toBe(201);
    const invoice = await orders.next('invoice:generated', (d) => d.invoice_id === created.body.id);
    expect(invoice).toMatchObject({ user_id: a.id, number: created.body.invoice_number });
    const notice = await notices.next('push:received', (d) => d.data?.invoice_id === created.body.id);
    expect(notice).toMatchObject({ category: 'payments', type: 'invoice.generated', read: false });
    expect(notice.unread_count).toBeGreaterThanOrEqual(1);
    // The same notice is in the list, under the same id; a client that was away reads it with ?since=.
    const since = new Date(Date.parse(notice.created_at) - 1).toISOString();
    const list = await api.get('/api/notifications', { token: a.accessToken, query: { since } });
    expect(list.body.notifications.map((n: any) => n.id)).toContain(notice.id);
  });

  it("announces a paid renewal once: subscription:renewed on /orders, a notice, and the subscription's new period", async () => {
    const user = await registerUser(api);
    const as = { token: user.accessToken };
    const checkout = await api.post('/api/payment/checkout', { product_id: 2 }, as);
    expect(checkout.status).toBe(201);
    await payCheckout(checkout.body.checkout_url);
    const sub = await eventually(async () => {
      const list = await api.get('/api/payment/subscriptions', { ...as, query: { status: 'active' } });
      const found = list.body.subscriptions.find((s: any) => s.product_id === 2);
      expect(found).toBeDefined();
      return found;
    }, 15_000);
    const orders = open('orders', as);
    const notices = open('notifications', as);
    await Promise.all([connected(orders), connected(notices)]);

    // Stripe's next cycle is charged: invoice.paid (billing_reason subscription_cycle) reaches payment.
    const stripeId = env.stripe.events('customer.subscription.created').find((e) => e.data.object.metadata.user_id === user.id)?.data
      .object.id;
    env.stripe.renewSubscription(stripeId);
    const pushed = await orders.next('subscription:renewed', (d) => d.subscription_id === sub.id);
    expect(pushed).toMatchObject({ user_id: user.id, product_id: 2, status: 'active', payment_id: expect.any(String) });
    expect(pushed.amount_krw).toBeGreaterThan(0);
    expect(Date.parse(pushed.current_period_end)).toBeGreaterThan(Date.parse(sub.current_period_end));
    expect(pushed.next_billing_date).toBe(pushed.current_period_end);
    const notice = await notices.next('push:received', (d) => d.type === 'subscription.renewed');
    expect(notice).toMatchObject({ category: 'subscriptions', title: 'Subscription renewed', data: { subscription_id: sub.id } });
    const renewed = await api.get(`/api/payment/subscriptions/${sub.id}`, as);
    expect(renewed.body.current_period_end).toBe(pushed.current_period_end);
    // A second renewal is a second notice, never a repeat of the first.
    env.stripe.renewSubscription(stripeId);
    const again = await orders.next('subscription:renewed', (d) => d.subscription_id === sub.id && d.payment_id !== pushed.payment_id);
    expect(Date.parse(again.current_period_end)).toBeGreaterThan(Date.parse(pushed.current_period_end));
    await eventually(async () => {
      const list = await api.get('/api/notifications', { ...as, query: { limit: '100' } });
      expect(list.body.notifications.filter((n: any) => n.type === 'subscription.renewed')).toHaveLength(2);
    }, 15_000);
    expect(orders.received.filter((r) => r.event === 'subscription:renewed')).toHaveLength(2);
  });

  it('pushes alert:triggered with the notice of a new sign-in, to that user only', async () => {
    const user = await registerUser(api);
    const other = await registerUser(api);
    const mine = open('notifications', { token: user.accessToken });
    const theirs = open('notifications', { token: other.accessToken });
    await Promise.all([connected(mine), connected(theirs)]);
    expect((await api.post('/api/auth/login', { email: user.email, password: user.password })).status).toBe(200);
    const alert = await mine.next('alert:triggered');
    expect(alert).toMatchObject({ kind: 'new_sign_in', severity: 'warning', category: 'security', title: 'New sign-in' });
    expect(alert.alert_id).toBe(alert.notification_id);
    expect(alert.message).toMatch(/signed in to from/);
    const list = await api.get('/api/notifications', { token: user.accessToken });
    expect(list.body.notifications.find((n: any) => n.id === alert.notification_id)).toMatchObject({ type: 'auth.login.succeeded' });
    // The other user's sign-in alerts the other user only.
    expect((await api.post('/api/auth/login', { email: other.email, password: other.password })).status).toBe(200);
    await theirs.next('alert:triggered');
    expect(mine.received.filter((r) => r.event === 'alert:triggered')).toHaveLength(1);
    expect(theirs.received.filter((r) => r.event === 'alert:triggered')).toHaveLength(1);
  });
});
