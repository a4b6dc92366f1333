import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { eventually, TestFleet } from '@sf/testing';
import { AppProcess, buildOnce, processStarter } from './processes';

/*
 * The fleet as it runs in production, one process per app: the gateway and two replicas of auth
 * (debug logs), compiled once. Metrics stay off the public port; one request is followed across
 * the NATS hop by its ids; a replica sent SIGTERM under load drains without a failed request.
 */
/** Whether the exposition has a sample of `name` with (at least) these labels. */
function hasSample(text: string, name: string, labels: Record<string, string>): boolean {
  return text.split('\n').some((line) => {
    if (!line.startsWith(`${name}{`)) return false;
    return Object.entries(labels).every(([key, value]) => line.includes(`${key}="${value}"`));
  });
}

interface ReceivedSpan {
  service: string;
  name: string;
  traceId: string;
  spanId: string;
  parentSpanId?: string;
}

/** A local OTLP/HTTP (JSON) trace receiver: what the apps export when tracing is on. */
async function startOtlpReceiver(): Promise<{ server: Server; url: string; spans: ReceivedSpan[] }> {
  const spans: ReceivedSpan[] = [];
  const server = createServer((request, response) => {
    let body = '';
    request.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
    request.on('end', () => {
      try {
        const payload = JSON.parse(body) as {
          resourceSpans?: Array<{
            resource?: { attributes?: Array<{ key: string; value: { stringValue?: string } }> };
            scopeSpans?: Array<{ spans?: Array<Omit<ReceivedSpan, 'service'>> }>;
          }>;
        };
        for (const resource of payload.resourceSpans ?? []) {
          const service = resource.resource?.attributes?.find((a) => a.key === 'service.name')?.value.stringValue ?? '';
          for (const scope of resource.scopeSpans ?? []) for (const span of scope.spans ?? []) spans.push({ ...span, service });
        }
      } catch {
        /* not JSON: counted as nothing */
      }
      response.writeHead(200, { 'Content-Type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, spans };
}

describe('operations', () => {
  const auth: AppProcess[] = [];
  const gateways: AppProcess[] = [];
  let fleet: TestFleet;
  let otlp: Awaited<ReturnType<typeof startOtlpReceiver>>;

  beforeAll(async () => {
    buildOnce();
    otlp = await startOtlpReceiver();
    fleet = await TestFleet.start({
      services: [processStarter('auth', auth, 'debug')],
      gateway: {
        start: async (env) => {
          const gateway = await AppProcess.start('gateway', env);
          gateways.push(gateway);
          return gateway;
        },
      },
      env: {
        GATEWAY_SERVICES: 'auth',
        // At low priority beside other suites: slow answers are fine here, failed ones are not.
        REQUEST_TIMEOUT_MS: '15000',
        SHUTDOWN_DELAY_MS: '2000',
        SHUTDOWN_GRACE_MS: '8000',
        OTEL_EXPORTER_OTLP_ENDPOINT: otlp.url,
        OTEL_BSP_SCHEDULE_DELAY: '200',
      },
    });
    auth.push(await AppProcess.start('auth', fleet.env, 'debug'));
  }, 240_000);
  afterAll(async () => {
    for (const p of [...gateways, ...auth]) await p.close();
    await fleet?.close();
    otlp?.server.close();
  });

  const me = (headers: Record<string, string> = {}) =>
    fetch(`${fleet.baseUrl}/api/auth/me`, { headers: { authorization: 'Bearer demo_token', ...headers } });

  it('answers 404 for /metrics on the public port and serves it on the health port', async () => {
    expect((await me()).status).toBe(200);
    expect((await fetch(`${fleet.baseUrl}/metrics`)).status).toBe(404);
    const response = await fetch(`${gateways[0].healthUrl}/metrics`);
    expect(response.status).toBe(200);
    const text = await response.text();
    expect(hasSample(text, 'http_request_duration_seconds_count', { method: 'GET', route: '/api/auth/me', status: '200' })).toBe(true);
    expect(hasSample(text, 'nats_request_duration_seconds_count', { subject: 'auth.users.me', outcome: 'ok' })).toBe(true);
  });

  it('serves each service its DB pool, outbox, consumer and dead-letter metrics on its health port', async () => {
    const text = await (await fetch(`${auth[0].healthUrl}/metrics`)).text();
    for (const name of [
      'db_pool_connections',
      'db_pool_idle_connections',
      'db_pool_waiting_queries',
      'outbox_lag_seconds',
      'outbox_pending_events',
      'events_consumer_pending_messages',
      'events_dead_lettered_total',
    ])
      expect({ name, listed: text.includes(`# TYPE ${name} `) }).toEqual({ name, listed: true });
    expect(hasSample(text, 'events_consumer_pending_messages', { consumer: 'auth-plan-tier' })).toBe(true);
  });

  it("carries one request's request_id, user_id and trace_id from the gateway's log line to the service's", async () => {
    const requestId = `req_ops_${randomBytes(6).toString('hex')}`;
    const traceId = randomBytes(16).toString('hex');
    const response = await me({ 'x-request-id': requestId, traceparent: `00-${traceId}-${randomBytes(8).toString('hex')}-01` });
    expect(response.status).toBe(200);
    const user = (await response.json()) as { id: string };
    const gatewayLine = await eventually(async () => {
      const line = gateways[0].json().find((l) => l.request_id === requestId);
      if (!line) throw new Error('no access log line yet');
      return line;
    });
    expect(gatewayLine).toMatchObject({ trace_id: traceId, user_id: user.id, route: '/api/auth/me' });
    const serviceLine = await eventually(async () => {
      const line = auth.flatMap((p) => p.json()).find((l) => l.request_id === requestId);
      if (!line) throw new Error('no service log line yet');
      return line;
    });
    expect(serviceLine).toMatchObject({ service: 'auth', trace_id: traceId, user_id: user.id, subject: 'auth.users.me' });
  });

  it('exports one trace for a request: the gateway, the NATS hop to the service and its Postgres queries', async () => {
    const traceId = randomBytes(16).toString('hex');
    const response = await me({ traceparent: `00-${traceId}-${randomBytes(8).toString('hex')}-01` });
    expect(response.status).toBe(200);
    const spans = await eventually(async () => {
      const found = otlp.spans.filter((s) => s.traceId === traceId);
      const handled = found.find((s) => s.service === 'auth' && s.name === 'auth.users.me');
      // Each process exports in its own batches: wait for the gateway's span the hop hangs under too.
      if (
        !handled ||
        !found.some((s) => s.service === 'gateway' && s.spanId === handled.parentSpanId) ||
        !found.some((s) => s.service === 'auth' && s.parentSpanId === handled.spanId)
      )
        throw new Error(`spans so far: ${JSON.stringify(found.map((s) => [s.service, s.name]))}`);
      return found;
    }, 15_000);
    const handled = spans.find((s) => s.service === 'auth' && s.name === 'auth.users.me')!;
    // The service's span hangs under a gateway span; the queries it made hang under it.
    expect(spans.filter((s) => s.service === 'gateway').map((s) => s.spanId)).toContain(handled.parentSpanId);
    expect(
      spans
        .filter((s) => s.parentSpanId === handled.spanId)
        .map((s) => s.name)
        .join(' '),
    ).toMatch(/pg|SELECT|postgres/i);
    // Log lines come through the processes' pipes, possibly after the spans.
    await eventually(async () => {
      const lines = [...gateways, ...auth].flatMap((p) => p.json()).filter((l) => l.trace_id === traceId);
      expect(new Set(lines.map((l) => l.service))).toEqual(new Set(['gateway', 'auth']));
    });
  });

  it('drains one of two replicas under load without a failed request and exits 0', async () => {
    const [victim, survivor] = auth;
    let ok = 0;
    const failures: string[] = [];
    let running = true;
    const worker = async () => {
      while (running) {
        try {
          const response = await me();
          const text = await response.text();
          if (response.status === 200) ok++;
          else failures.push(`${response.status} ${text}`);
        } catch (error) {
          failures.push(String(error));
        }
      }
    };
    const workers = Array.from({ length: 4 }, () => worker());
    try {
      await eventually(async () => expect(ok).toBeGreaterThan(50), 30_000);
      victim.child.kill('SIGTERM');
      // Readiness turns 503 during the delay, while liveness stays 200.
      await eventually(async () => expect((await fetch(`${victim.healthUrl}/health/ready`)).status).toBe(503), 1500, 20);
      expect((await fetch(`${victim.healthUrl}/health/live`)).status).toBe(200);
      // Exit 0 means it finished within its grace period (past it, it exits 1).
      expect(await victim.exited).toEqual({ code: 0, signal: null });
      const afterExit = ok;
      await eventually(async () => expect(ok).toBeGreaterThan(afterExit + 50), 30_000);
    } finally {
      running = false;
      await Promise.all(workers);
    }
    expect(failures).toEqual([]);
    expect(survivor.child.exitCode).toBeNull();
    const messages = victim.json().map((line) => line.msg);
    expect(messages).toEqual(expect.arrayContaining(['draining: readiness is 503', 'stopped']));
  });
});
