import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { ApiClient, AppStarter, eventually, registerUser, RegisteredUser } from '@sf/testing';
import { AppOnPorts } from '../../../reliability/faults';
import { authService, paymentService } from '../fleet';
import { buildOnce, freePort } from '../ops/processes';
import { AutomationFleet, finishedRun, startAutomationFleet, subscribeToAutomation } from './automation-fleet';

/**
 * `kill -9` of automation while a step is in flight: the step's job stops sending heartbeats, so
 * the restarted service (or another replica) takes it up again within seconds, not when a
 * two-minute expiry runs out; the request it repeats carries the same Idempotency-Key.
 */
describe('automation killed mid-step', () => {
  let env: AutomationFleet;
  let api: ApiClient;
  let owner: RegisteredUser;
  let automation: AppOnPorts;
  let site: Server;
  let siteUrl: string;
  const received: { key: string | undefined }[] = [];
  // The first request is held unanswered: the process that sent it dies waiting.
  const held: ServerResponse[] = [];

  beforeAll(async () => {
    buildOnce();
    site = createServer((req: IncomingMessage, res: ServerResponse) => {
      received.push({ key: req.headers['idempotency-key'] as string | undefined });
      if (received.length === 1) return void held.push(res);
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ ok: true }));
    });
    await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
    siteUrl = `http://127.0.0.1:${(site.address() as AddressInfo).port}`;
    automation = new AppOnPorts('automation', await freePort(), 0);
    const spawned: AppStarter = {
      name: 'automation',
      start: async (fleetEnv) => {
        await automation.start(fleetEnv);
        return { close: () => automation.close() };
      },
    };
    env = await startAutomationFleet({ AUTOMATION_HTTP_ALLOWED_HOSTS: new URL(siteUrl).host }, [authService, paymentService, spawned]);
    api = env.api;
    owner = await registerUser(api);
    await subscribeToAutomation(api, owner);
  }, 240_000);

  afterAll(async () => {
    for (const res of held) res.destroy();
    await env?.close();
    await automation?.close().catch(() => undefined);
    await new Promise((resolve) => site?.close(resolve));
  }, 60_000);

  it('runs the cut-off step again within seconds of the restart, under the same Idempotency-Key', async () => {
    const created = await api.post(
      '/api/ai-automation/workflow',
      {
        name: 'Call the shop',
        trigger: { type: 'manual' },
        steps: [{ id: 'call', type: 'http.request', params: { url: `${siteUrl}/orders`, method: 'POST', body: '{"n":1}' } }],
      },
      { token: owner.accessToken },
    );
    expect(created.status).toBe(201);
    const started = await api.post(`/api/ai-automation/workflow/${created.body.id}/run`, {}, { token: owner.accessToken });
    expect(started.status).toBe(201);
    await eventually(async () => expect(received).toHaveLength(1), 20_000);

    await automation.kill();
    await automation.start(env.fleet.env);

    // pg-boss's expiry alone (120 s, noticed by a pass every 60 s) would take minutes, past this wait.
    const run = await finishedRun(api, owner, created.body.id, started.body.id, 60_000);
    expect(run.status).toBe('succeeded');
    expect(run.steps[0]).toMatchObject({ step_id: 'call', status: 'succeeded', attempts: 2, output: { status: 200 } });
    expect(received).toHaveLength(2);
    expect(received[0].key).toMatch(/^[0-9a-f-]{36}:call$/);
    expect(received[1].key).toBe(received[0].key);
  }, 120_000);
});
