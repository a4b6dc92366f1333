import { DeliverPolicy, jetstream } from '@nats-io/jetstream';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomUUID } from 'node:crypto';
import { AuthSetRoles, systemContext } from '@sf/contracts';
import { CloudEvent, eventsStreamName } from '@sf/events';
import { RpcClient } from '@sf/messaging';
import { ApiClient, eventually, registerUser, TestFleet } from '@sf/testing';
import { bootstrapGateway } from '../../../apps/gateway/src/gateway.bootstrap';
import { loadGatewayConfig } from '../../../apps/gateway/src/gateway.config';
import { startAuthFleet } from '../fleet';

interface StoredEvent {
  msgId: string | undefined;
  subject: string;
  event: CloudEvent<any>;
}

describe('auth domain events on the EVENTS stream', () => {
  let fleet: TestFleet;
  let api: ApiClient;
  const extraGateways: NestFastifyApplication[] = [];

  beforeAll(async () => {
    ({ fleet, api } = await startAuthFleet());
  });
  afterAll(async () => {
    for (const gateway of extraGateways) await gateway.close();
    await fleet?.close();
  });

  /** Every stored event of a type (replayed from the start of the stream). */
  async function storedEvents(type: string): Promise<StoredEvent[]> {
    const consumer = await jetstream(fleet.nats).consumers.get(eventsStreamName({ subjectPrefix: fleet.env.NATS_SUBJECT_PREFIX }), {
      filter_subjects: fleet.subject(`events.auth.${type}`),
      deliver_policy: DeliverPolicy.All,
    });
    const out: StoredEvent[] = [];
    const pending = (await consumer.info()).num_pending;
    if (pending === 0) return out;
    for await (const msg of await consumer.fetch({ max_messages: pending, expires: 2000 })) {
      out.push({ msgId: msg.headers?.get('Nats-Msg-Id'), subject: msg.subject, event: msg.json() });
      if (out.length === pending) break;
    }
    return out;
  }

  async function anotherGateway(): Promise<ApiClient> {
    const gateway = await bootstrapGateway(loadGatewayConfig({ ...fleet.env, PORT: '0' }));
    extraGateways.push(gateway);
    const client = new ApiClient((await gateway.getUrl()).replace('[::1]', '127.0.0.1'));
    await eventually(async () => expect((await client.get('/health/ready')).status).toBe(200), 10_000);
    return client;
  }

  it('stores user.registered as a CloudEvent with Nats-Msg-Id equal to its id', async () => {
    const user = await registerUser(api);
    const events = await eventually(async () => {
      const found = (await storedEvents('user.registered')).filter((e) => e.event.subject === user.id);
      expect(found).toHaveLength(1);
      return found;
    });
    const [{ event, msgId, subject }] = events;
    expect(subject).toBe(fleet.subject('events.auth.user.registered'));
    expect(msgId).toBe(event.id);
    expect(event).toMatchObject({
      specversion: '1.0',
      source: 'softfactory/auth',
      type: 'user.registered',
      subject: user.id,
      datacontenttype: 'application/json',
      data: { user_id: user.id, email: user.email, name: user.name, roles: ['user'] },
    });
    expect(new Date(event.time).toString()).not.toBe('Invalid Date');
  });

  it('refuses a logged-out token at once on every gateway replica', async () => {
    const other = await anotherGateway();
    const user = await registerUser(api);
    expect((await other.get('/api/auth/me', { token: user.accessToken })).status).toBe(200);
    expect((await api.post('/api/auth/logout', {}, { token: user.accessToken })).status).toBe(200);
    expect((await other.get('/api/auth/me', { token: user.accessToken })).status).toBe(401);
    expect((await api.get('/api/auth/me', { token: user.accessToken })).status).toBe(401);
  });

  it('refuses a revoked API key at once on every gateway replica', async () => {
    const other = await anotherGateway();
    const user = await registerUser(api);
    const created = await api.post('/api/settings/api-keys', { name: 'ci', permissions: ['read:profile'] }, { token: user.accessToken });
    expect((await other.get('/api/auth/me', { apiKey: created.body.key })).status).toBe(200);
    expect((await api.delete(`/api/settings/api-keys/${created.body.id}`, { token: user.accessToken })).status).toBe(204);
    expect((await other.get('/api/auth/me', { apiKey: created.body.key })).status).toBe(401);
  });

  it('has a gateway that starts after a logout refuse the logged-out token (replayed from the stream)', async () => {
    const user = await registerUser(api);
    expect((await api.post('/api/auth/logout', {}, { token: user.accessToken })).status).toBe(200);
    const late = await anotherGateway();
    expect((await late.get('/api/auth/me', { token: user.accessToken })).status).toBe(401);
    const fresh = await api.post('/api/auth/login', { email: user.email, password: user.password });
    expect((await late.get('/api/auth/me', { token: fresh.body.access_token })).status).toBe(200);
  });

  it('records user.deleted, auth.session.revoked and auth.password_reset_requested in the stream', async () => {
    const user = await registerUser(api);
    await api.post('/api/auth/password/reset', { email: user.email });
    await api.post('/api/auth/logout-all', {}, { token: user.accessToken });
    const relogin = await api.post('/api/auth/login', { email: user.email, password: user.password });
    expect((await api.delete('/api/auth/account', { token: relogin.body.access_token, body: { password: user.password } })).status).toBe(
      204,
    );
    await eventually(async () => {
      expect((await storedEvents('auth.password_reset_requested')).some((e) => e.event.subject === user.id)).toBe(true);
      expect((await storedEvents('auth.session.revoked')).some((e) => e.event.subject === user.id)).toBe(true);
      const deleted = (await storedEvents('user.deleted')).find((e) => e.event.subject === user.id);
      expect(deleted?.event.data.user_id).toBe(user.id);
    });
  });

  it('records user.role_changed, and withdrawing a role ends the sessions that carried it', async () => {
    const rpc = new RpcClient(fleet.nats, 3000, fleet.env.NATS_SUBJECT_PREFIX);
    const user = await registerUser(api);
    const granted = await rpc.call(AuthSetRoles, { ctx: systemContext(randomUUID()), body: { user_id: user.id, roles: ['chef'] } });
    expect(granted.roles.sort()).toEqual(['chef', 'user']);
    // A grant keeps the session; the next token carries the role.
    const refreshed = await api.post('/api/auth/refresh', { refresh_token: user.refreshToken });
    expect((await api.get('/api/auth/me', { token: refreshed.body.access_token })).body.roles.sort()).toEqual(['chef', 'user']);

    await rpc.call(AuthSetRoles, { ctx: systemContext(randomUUID()), body: { user_id: user.id, roles: [] } });
    expect((await api.get('/api/auth/me', { token: refreshed.body.access_token })).status).toBe(401);
    await eventually(async () => {
      const changes = (await storedEvents('user.role_changed')).filter((e) => e.event.subject === user.id);
      expect(changes.map((e) => e.event.data.roles.sort())).toEqual([['chef', 'user'], ['user']]);
    });
    await expect(
      rpc.call(AuthSetRoles, { ctx: systemContext(randomUUID()), body: { user_id: 'nope', roles: ['user'] } }),
    ).rejects.toMatchObject({
      code: 'VALIDATION_ERROR',
    });
  });

  it("exposes the relay's lag and the dead-letter count on the service's /metrics", async () => {
    const metrics = await (await fetch(`${await fleet.serviceUrl('auth')}/metrics`)).text();
    expect(metrics).toMatch(/^outbox_lag_seconds\{service="auth"\} \d/m);
    expect(metrics).toMatch(/^outbox_pending_events\{service="auth"\} \d/m);
    expect(metrics).toMatch(/^# TYPE events_dead_lettered_total counter/m);
  });
});
