import { createHmac } from 'node:crypto';
import { ApiClient, eventually, RegisteredUser, registerUser } from '@sf/testing';
import { NotificationsFleet, startNotificationsFleet } from './notifications-fleet';
import { freePort, WebhookReceiver } from './webhook-receiver';

const WEBHOOK_ENV = {
  DEMO_MODE: 'false',
  WEBHOOK_SECRET_KEY: '0f'.repeat(32),
  WEBHOOK_ALLOWED_HOSTS: '127.0.0.1',
  WEBHOOK_RETRY_BASE_MS: '1000',
  WEBHOOK_MAX_ATTEMPTS: '4',
  WEBHOOK_DISABLE_AFTER_FAILURES: '5',
  JOBS_POLL_INTERVAL_MS: '500',
};

/** What a customer's verifier does: HMAC-SHA256 of "timestamp.body" under the endpoint's secret. */
function verifies(secret: string, delivery: { headers: Record<string, unknown>; body: string }): boolean {
  const expected = `sha256=${createHmac('sha256', secret)
    .update(`${String(delivery.headers['x-webhook-timestamp'])}.${delivery.body}`)
    .digest('hex')}`;
  return delivery.headers['x-webhook-signature'] === expected;
}

describe('Customer webhooks: signed deliveries through the job queue, retries, URL safety', () => {
  let env: NotificationsFleet;
  let api: ApiClient;
  let receiver: WebhookReceiver;
  let owner: RegisteredUser;
  let other: RegisteredUser;
  const as = (user: RegisteredUser) => ({ token: user.accessToken });

  const register = async (user: RegisteredUser, url: string, events = ['invoice.generated']) => {
    const created = await api.post('/api/settings/webhooks', { url, events }, as(user));
    expect(created.status).toBe(201);
    return created.body as { id: string; secret: string };
  };
  const invoice = async (user: RegisteredUser) => {
    const created = await api.post('/api/payment/invoices', { items: [{ description: 'Work', quantity: 1, price_krw: 1_000 }] }, as(user));
    expect(created.status).toBe(201);
    return created.body as { id: string };
  };
  const deliveriesOf = async (user: RegisteredUser, webhookId: string) =>
    (await api.get(`/api/settings/webhooks/${webhookId}/deliveries`, as(user))).body.deliveries as any[];

  beforeAll(async () => {
    receiver = await WebhookReceiver.start();
    env = await startNotificationsFleet(undefined, WEBHOOK_ENV);
    api = env.api;
    [owner, other] = [await registerUser(api), await registerUser(api)];
  }, 60_000);
  afterAll(async () => {
    await env?.close();
    await receiver?.close();
  });

  it('refuses private, loopback, link-local and metadata addresses, plain http and unknown events (422 naming the field)', async () => {
    for (const url of [
      'http://169.254.169.254/',
      'http://10.0.0.1/',
      'https://10.0.0.1/hook',
      'https://169.254.169.254/latest/meta-data',
      'https://[::1]/hook',
      'https://[fd00:ec2::254]/',
      'https://localhost/hook',
      'http://example.com/hook',
      'https://user:pass@example.com/hook',
    ]) {
      const refused = await api.post('/api/settings/webhooks', { url, events: ['payment.completed'] }, as(owner));
      expect({ url, status: refused.status }).toEqual({ url, status: 422 });
      expect(refused.body.error.details).toHaveProperty('url');
    }
    const badEvent = await api.post('/api/settings/webhooks', { url: receiver.url('/x'), events: ['user.registered'] }, as(owner));
    expect(badEvent.status).toBe(422);
    expect(badEvent.body.error.details).toHaveProperty('events');
    const noUrl = await api.post('/api/settings/webhooks', { events: ['payment.completed'] }, as(owner));
    expect(noUrl.status).toBe(422);
    expect(noUrl.body.error.details).toHaveProperty('url');
  });

  it('shows the secret once, keeps endpoints private to their owner, rotates the secret', async () => {
    const created = await register(owner, receiver.url('/private'));
    expect(created.secret).toMatch(/^whsec_/);
    const read = await api.get(`/api/settings/webhooks/${created.id}`, as(owner));
    expect(read.status).toBe(200);
    expect(read.body).not.toHaveProperty('secret');
    expect(JSON.stringify((await api.get('/api/settings/webhooks', as(owner))).body)).not.toContain(created.secret);
    for (const [method, path] of [
      ['get', `/api/settings/webhooks/${created.id}`],
      ['delete', `/api/settings/webhooks/${created.id}`],
      ['get', `/api/settings/webhooks/${created.id}/deliveries`],
      ['post', `/api/settings/webhooks/${created.id}/test`],
      ['post', `/api/settings/webhooks/${created.id}/rotate-secret`],
    ] as const) {
      const response = method === 'post' ? await api.post(path, {}, as(other)) : await api[method](path, as(other));
      expect({ path, status: response.status }).toEqual({ path, status: 404 });
    }
    const rotated = await api.post(`/api/settings/webhooks/${created.id}/rotate-secret`, {}, as(owner));
    expect(rotated.status).toBe(200);
    expect(rotated.body.secret).toMatch(/^whsec_/);
    expect(rotated.body.secret).not.toBe(created.secret);
    // A test delivery is signed with the new secret.
    const test = await api.post(`/api/settings/webhooks/${created.id}/test`, {}, as(owner));
    expect(test.status).toBe(200);
    const [delivery] = await eventually(async () => {
      const got = receiver.at('/private');
      expect(got).toHaveLength(1);
      return got;
    }, 15_000);
    expect(JSON.parse(delivery.body)).toMatchObject({ id: test.body.id, event: 'webhook.test' });
    expect(verifies(rotated.body.secret, delivery)).toBe(true);
    expect(verifies(created.secret, delivery)).toBe(false);
    expect((await api.delete(`/api/settings/webhooks/${created.id}`, as(owner))).status).toBe(204);
  });

  it('retries 500, 500, then 200: three attempts with one X-Webhook-Id, growing gaps, a verifiable signature', async () => {
    receiver.script('/flaky', [{ status: 500 }, { status: 500 }, { status: 200 }]);
    const hook = await register(owner, receiver.url('/flaky'));
    const issued = await invoice(owner);
    const attempts = await eventually(async () => {
      const got = receiver.at('/flaky');
      expect(got).toHaveLength(3);
      return got;
    }, 20_000);
    const ids = new Set(attempts.map((a) => a.headers['x-webhook-id']));
    expect(ids.size).toBe(1);
    const body = JSON.parse(attempts[0].body);
    expect(body).toMatchObject({ id: [...ids][0], event: 'invoice.generated', data: { invoice_id: issued.id, user_id: owner.id } });
    expect(typeof body.timestamp).toBe('string');
    for (const attempt of attempts) expect(verifies(hook.secret, attempt)).toBe(true);
    const gaps = [attempts[1].at - attempts[0].at, attempts[2].at - attempts[1].at];
    expect(gaps[1]).toBeGreaterThan(gaps[0]);
    const [delivery] = await eventually(async () => {
      const list = await deliveriesOf(owner, hook.id);
      expect(list[0]).toMatchObject({ status: 'succeeded', attempts: 3, last_status_code: 200 });
      return list;
    });
    expect(delivery.id).toBe(body.id);
    // Another user's invoice never reaches this endpoint.
    await invoice(other);
    await eventually(async () => expect((await deliveriesOf(owner, hook.id)).length).toBe(1));
    await api.delete(`/api/settings/webhooks/${hook.id}`, as(owner));
  });

  it('waits at least what Retry-After says after a 429, and never retries another 4xx', async () => {
    receiver.script('/busy', [{ status: 429, headers: { 'Retry-After': '3' } }, { status: 200 }]);
    receiver.script('/gone', [{ status: 410 }]);
    const busy = await register(owner, receiver.url('/busy'));
    const gone = await register(owner, receiver.url('/gone'));
    await invoice(owner);
    const attempts = await eventually(async () => {
      const got = receiver.at('/busy');
      expect(got).toHaveLength(2);
      return got;
    }, 20_000);
    expect(attempts[1].at - attempts[0].at).toBeGreaterThanOrEqual(3000);
    const [failed] = await eventually(async () => {
      const list = await deliveriesOf(owner, gone.id);
      expect(list[0]?.status).toBe('failed');
      return list;
    });
    expect(failed).toMatchObject({ attempts: 1, last_status_code: 410 });
    expect(receiver.at('/gone')).toHaveLength(1);
    for (const id of [busy.id, gone.id]) await api.delete(`/api/settings/webhooks/${id}`, as(owner));
  });

  it('shows failed when the receiver stays down past the last attempt; redeliver sends it again with the same id', async () => {
    const port = await freePort();
    const hook = await register(owner, `http://127.0.0.1:${port}/down`);
    await invoice(owner);
    const [failed] = await eventually(async () => {
      const list = await deliveriesOf(owner, hook.id);
      expect(list[0]?.status).toBe('failed');
      return list;
    }, 30_000);
    expect(failed.attempts).toBe(4);
    expect(failed.last_error).toBeTruthy();
    const late = await WebhookReceiver.start(port);
    try {
      const again = await api.post(`/api/settings/webhooks/${hook.id}/deliveries/${failed.id}/redeliver`, {}, as(owner));
      expect(again.status).toBe(200);
      expect(again.body.status).toBe('pending');
      const [received] = await eventually(async () => {
        const got = late.at('/down');
        expect(got).toHaveLength(1);
        return got;
      }, 15_000);
      expect(received.headers['x-webhook-id']).toBe(failed.id);
      await eventually(async () => expect((await deliveriesOf(owner, hook.id))[0]).toMatchObject({ status: 'succeeded', attempts: 5 }));
      expect((await api.post(`/api/settings/webhooks/${hook.id}/deliveries/${failed.id}/redeliver`, {}, as(other))).status).toBe(404);
    } finally {
      await late.close();
      await api.delete(`/api/settings/webhooks/${hook.id}`, as(owner));
    }
  });

  it('disables an endpoint after its failures in a row and tells its owner', async () => {
    receiver.script('/broken', [{ status: 400 }]);
    const hook = await register(owner, receiver.url('/broken'));
    for (let i = 0; i < 5; i++) expect((await api.post(`/api/settings/webhooks/${hook.id}/test`, {}, as(owner))).status).toBe(200);
    const disabled = await eventually(async () => {
      const read = (await api.get(`/api/settings/webhooks/${hook.id}`, as(owner))).body;
      expect(read.active).toBe(false);
      return read;
    }, 20_000);
    expect(disabled).toMatchObject({ consecutive_failures: 5, disabled_reason: '5 failed deliveries in a row' });
    await eventually(async () => {
      const list = await api.get('/api/notifications', as(owner));
      expect(list.body.notifications.some((n: any) => n.type === 'webhook.disabled' && n.data.webhook_id === hook.id)).toBe(true);
    });
    // And a mail to the owner's address, once.
    const [mail] = await eventually(async () => {
      const mails = await env.mailbox(owner.email);
      expect(mails).toHaveLength(1);
      return mails;
    }, 15_000);
    expect(mail.subject).toBe('A webhook endpoint of yours was disabled');
    expect(mail.text).toContain(receiver.url('/broken'));
    const enabled = await api.put(`/api/settings/webhooks/${hook.id}`, { active: true }, as(owner));
    expect(enabled.body).toMatchObject({ active: true, consecutive_failures: 0, disabled_reason: null });
    await api.delete(`/api/settings/webhooks/${hook.id}`, as(owner));
  });

  it('loses no delivery when the service stops during deliveries; a resend after the restart carries the same id', async () => {
    receiver.script('/restart', [{ status: 503 }, { status: 200 }]);
    const hook = await register(owner, receiver.url('/restart'));
    const issued = await Promise.all([invoice(owner), invoice(owner), invoice(owner)]);
    // The first attempt of one reached the receiver: the service stops with retries due.
    await eventually(async () => expect(receiver.at('/restart').length).toBeGreaterThanOrEqual(1), 15_000);
    await env.fleet.stopService('notifications');
    await env.fleet.startService('notifications');
    const deliveries = await eventually(async () => {
      const list = await deliveriesOf(owner, hook.id);
      expect(list).toHaveLength(3);
      expect(list.map((d) => d.status)).toEqual(['succeeded', 'succeeded', 'succeeded']);
      return list;
    }, 30_000);
    const bodies = receiver.at('/restart').map((r) => JSON.parse(r.body));
    expect(new Set(bodies.map((b) => b.data.invoice_id))).toEqual(new Set(issued.map((i) => i.id)));
    const failedFirst = receiver.at('/restart')[0];
    const repeats = receiver.at('/restart').filter((r) => r.headers['x-webhook-id'] === failedFirst.headers['x-webhook-id']);
    expect(repeats.length).toBeGreaterThanOrEqual(2);
    expect(new Set(deliveries.map((d) => d.id))).toEqual(new Set(bodies.map((b) => b.id)));
  });
});
