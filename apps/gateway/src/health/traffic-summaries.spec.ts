import { jetstream } from '@nats-io/jetstream';
import { connect, NatsConnection } from '@nats-io/transport-node';
import { randomBytes } from 'node:crypto';
import pino from 'pino';
import { DEFAULT_NATS_URL } from '@sf/config';
import { AdminUserList, AuthLogin, CloudEvent, TrafficSummarizedData } from '@sf/contracts';
import { deleteEventStreams, ensureEventStreams, EventsConfig, eventsStreamName } from '@sf/events/streams';
import { TrafficSummaries } from './traffic-summaries';

describe('the gateway traffic summaries', () => {
  let nats: NatsConnection;
  let events: EventsConfig;

  beforeAll(async () => {
    nats = await connect({ servers: process.env.NATS_URL ?? DEFAULT_NATS_URL, name: 'traffic-summaries-spec' });
    events = {
      subjectPrefix: `ts${randomBytes(4).toString('hex')}.`,
      duplicateWindowSeconds: 120,
      maxAgeHours: 1,
      maxBytes: 10_000_000,
      outboxRetentionDays: 1,
    };
    await ensureEventStreams(nats, events);
  });
  afterAll(async () => {
    await deleteEventStreams(nats, events);
    await nats.close();
  });

  async function published(): Promise<CloudEvent<TrafficSummarizedData>[]> {
    const consumer = await jetstream(nats).consumers.get(eventsStreamName(events), {
      filter_subjects: `${events.subjectPrefix}events.gateway.traffic.summarized`,
    });
    const pending = (await consumer.info(true)).num_pending;
    const out: CloudEvent<TrafficSummarizedData>[] = [];
    if (pending > 0) {
      for await (const m of await consumer.fetch({ max_messages: pending, expires: 5000 })) {
        out.push(m.json());
        if (out.length >= pending) break;
      }
    }
    await consumer.delete().catch(() => undefined);
    return out;
  }

  it('publishes each whole minute per answering service, and nothing for the minute still running or non-API routes', async () => {
    const traffic = new TrafficSummaries([AuthLogin, AdminUserList]);
    const lastMinute = Math.floor(Date.now() / 60_000) * 60_000 - 60_000;
    traffic.observe('/api/auth/login', 200, 12, lastMinute + 1000);
    traffic.observe('/api/auth/login', 401, 8, lastMinute + 2000);
    traffic.observe('/api/admin/users', 503, 30, lastMinute + 3000);
    traffic.observe('/api/nowhere', 404, 1, lastMinute + 4000);
    traffic.observe('/health/ready', 200, 1, lastMinute + 5000);
    traffic.observe(undefined, 404, 1, lastMinute + 5000);
    traffic.observe('/api/auth/login', 200, 5); // this minute: not yet
    traffic.start(nats, events, pino({ level: 'silent' }));
    await traffic.flush(false);
    const [event, ...more] = await published();
    expect(more).toEqual([]);
    expect(event).toMatchObject({ type: 'traffic.summarized', source: 'softfactory/gateway' });
    expect(event.data.minute).toBe(new Date(lastMinute).toISOString());
    expect(event.data.services.sort((a, b) => a.service.localeCompare(b.service))).toEqual([
      { service: 'admin', requests: 1, errors: 1, client_errors: 0, duration_ms_sum: 30 },
      { service: 'auth', requests: 2, errors: 0, client_errors: 1, duration_ms_sum: 20 },
      { service: 'gateway', requests: 1, errors: 0, client_errors: 1, duration_ms_sum: 1 },
    ]);
    await traffic.stop();
    const afterStop = (await published()).slice(1);
    expect(afterStop.map((e) => e.data.services)).toEqual([
      [{ service: 'auth', requests: 1, errors: 0, client_errors: 0, duration_ms_sum: 5 }],
    ]);
  });
});
