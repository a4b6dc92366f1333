import { ApiClient, eventually, RegisteredUser, registerUser } from '@sf/testing';
import { authService, paymentService } from '../fleet';
import { AppProcess, buildOnce, processStarter } from '../ops/processes';
import { NotificationsFleet, startNotificationsFleet } from './notifications-fleet';
import { WebhookReceiver } from './webhook-receiver';

/**
 * The notifications service as a process of its own, killed with SIGKILL while webhook deliveries
 * are under way: one attempt in flight (the receiver holds its request open), others waiting for
 * their retry. Restarted, it delivers every one; the attempt that was in flight is sent again
 * (its pg-boss job expires and runs again) under the same X-Webhook-Id.
 */
describe('webhook deliveries survive the notifications service killed with SIGKILL', () => {
  let env: NotificationsFleet;
  let api: ApiClient;
  let receiver: WebhookReceiver;
  let owner: RegisteredUser;
  const processes: AppProcess[] = [];

  beforeAll(async () => {
    buildOnce();
    receiver = await WebhookReceiver.start();
    env = await startNotificationsFleet([authService, paymentService, processStarter('notifications', processes)], {
      DEMO_MODE: 'false',
      WEBHOOK_ALLOWED_HOSTS: '127.0.0.1',
      // Retries come due 3 s or more after a 503: well after the kill below.
      WEBHOOK_RETRY_BASE_MS: '3000',
      WEBHOOK_MAX_ATTEMPTS: '5',
      // An attempt's job expires 30 s after its timeout: a killed worker's attempt runs again then.
      WEBHOOK_TIMEOUT_MS: '5000',
      JOBS_POLL_INTERVAL_MS: '500',
    });
    api = env.api;
    owner = await registerUser(api);
  }, 240_000);
  afterAll(async () => {
    await env?.close();
    for (const p of processes) await p.close();
    await receiver?.close();
  });

  it('loses none, and resends the attempt that was in flight with the same X-Webhook-Id', async () => {
    // The first request is held open; the next three fail with 503 (their retries due later); then 200s.
    receiver.script('/killed', [{ status: 200, hold: true }, { status: 503 }, { status: 503 }, { status: 503 }, { status: 200 }]);
    const hook = await api.post(
      '/api/settings/webhooks',
      { url: receiver.url('/killed'), events: ['invoice.generated'] },
      { token: owner.accessToken },
    );
    expect(hook.status).toBe(201);
    const issued = await Promise.all(
      [1, 2, 3, 4].map(async () => {
        const created = await api.post(
          '/api/payment/invoices',
          { items: [{ description: 'Work', quantity: 1, price_krw: 1_000 }] },
          { token: owner.accessToken },
        );
        expect(created.status).toBe(201);
        return created.body.id as string;
      }),
    );
    // Every delivery's first attempt reached the receiver: one is held, three wait for their retry.
    await eventually(async () => expect(receiver.at('/killed').length).toBeGreaterThanOrEqual(4), 30_000);
    const held = receiver.at('/killed').find((r) => r.status === null)!;
    expect(held).toBeDefined();

    const [first] = processes;
    first.child.kill('SIGKILL');
    expect(await first.exited).toEqual({ code: null, signal: 'SIGKILL' });
    // Nothing was delivered before the kill: every delivery was pending.
    expect(receiver.at('/killed').filter((r) => r.status === 200)).toEqual([]);
    await env.fleet.stopService('notifications'); // forgets the dead process
    await env.fleet.startService('notifications');
    expect(processes).toHaveLength(2);

    const deliveries = await eventually(async () => {
      const list = (await api.get(`/api/settings/webhooks/${hook.body.id}/deliveries`, { token: owner.accessToken })).body
        .deliveries as any[];
      expect(list).toHaveLength(4);
      expect(list.map((d) => d.status)).toEqual(['succeeded', 'succeeded', 'succeeded', 'succeeded']);
      return list;
    }, 120_000);

    const received = receiver.at('/killed');
    const ids = (r: { headers: Record<string, unknown> }) => String(r.headers['x-webhook-id']);
    // Each delivery was answered 200 once at least; none is missing, and nothing else was sent.
    const answered = received.filter((r) => r.status === 200);
    expect(new Set(answered.map(ids))).toEqual(new Set(deliveries.map((d) => d.id)));
    expect(new Set(received.map(ids))).toEqual(new Set(deliveries.map((d) => d.id)));
    expect(new Set(answered.map((r) => JSON.parse(r.body).data.invoice_id))).toEqual(new Set(issued));
    // The attempt in flight at the kill was sent again, under the same id and with the same body.
    const resent = received.filter((r) => ids(r) === ids(held));
    expect(resent.length).toBeGreaterThanOrEqual(2);
    expect(resent.some((r) => r.status === 200 && r.at > held.at)).toBe(true);
    expect(new Set(resent.map((r) => r.body))).toEqual(new Set([held.body]));
  }, 200_000);
});
