import { jetstreamManager, JetStreamManager } from '@nats-io/jetstream';
import { connect, NatsConnection } from '@nats-io/transport-node';
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { Registry } from 'prom-client';
import { DataSource, EntityManager } from 'typeorm';
import { eventCatalogue, eventConsumer, selectEvents } from '@sf/contracts';
import { currentLogContext } from '@sf/observability';
import { eventually } from '@sf/testing';
import { CloudEvent } from './cloud-event';
import { DeliveryOptions, EventConsumers, EventHandler } from './event-consumers';
import { ensureEventStreams } from './event-stream';
import { deadLetterStreamName, eventsStreamName } from './events.config';
import {
  cloudEvent,
  deadLetterSubject,
  EventsTestDatabase,
  metricValue,
  NATS_URL,
  publishedSubject,
  publishRaw,
  randomHex,
  readSubject,
  silentLogger,
  TEST_SERVICE,
  testEventsConfig,
} from './testing/events-harness';

describe('EventConsumers', () => {
  const config = testEventsConfig();
  const stream = eventsStreamName(config);
  const deadLetters = deadLetterStreamName(config);
  let db: EventsTestDatabase;
  let dataSource: DataSource;
  let nc: NatsConnection;
  let jsm: JetStreamManager;
  const running: EventConsumers[] = [];

  /** Consumers with their own registry, on `events.evtest.<type>`, stopped after the test. */
  async function consume<T, P = undefined>(
    type: string,
    registration: DeliveryOptions & {
      name?: string;
      prepare?: (event: CloudEvent<T>) => Promise<P>;
      handle: EventHandler<CloudEvent<T>, P>;
    },
  ): Promise<{ name: string; registry: Registry; consumers: EventConsumers }> {
    const registry = new Registry();
    const consumers = new EventConsumers(dataSource, nc, config, silentLogger(), registry);
    running.push(consumers);
    const name = registration.name ?? `c-${type.replace(/\W/g, '-')}`;
    const catalogue = eventCatalogue<Record<string, T>>(TEST_SERVICE, { [type]: 'an event of the test' });
    const consumer = eventConsumer({ name, service: TEST_SERVICE, reads: selectEvents(catalogue, type), summary: 'test' });
    const { prepare, handle, ...options } = registration;
    const handler = prepare ? { prepare, handle } : handle;
    await consumers.register(consumer, handler as EventHandler<CloudEvent<unknown>, unknown>, options);
    return { name, registry, consumers };
  }

  /** Waits until the durable consumer has had everything on its subject delivered and settled. */
  async function settled(consumer: string, upToSeq: number, timeoutMs = 5000): Promise<void> {
    await eventually(async () => {
      const info = await jsm.consumers.info(stream, consumer);
      expect(info.num_ack_pending).toBe(0);
      expect(info.num_pending).toBe(0);
      expect(info.ack_floor.stream_seq).toBeGreaterThanOrEqual(upToSeq);
    }, timeoutMs);
  }

  const deadLettered = (type: string, timeoutMs = 5000) =>
    eventually(async () => {
      const found = await readSubject(nc, deadLetters, deadLetterSubject(config, type));
      expect(found.length).toBeGreaterThan(0);
      return found;
    }, timeoutMs);

  /** `n` events of `type` (data `{n}`) on the stream before any consumer reads them, and the last one's sequence. */
  async function backlog(type: string, n: number): Promise<{ events: CloudEvent<{ n: number }>[]; last: number }> {
    const events = Array.from({ length: n }, (_, i) => cloudEvent(type, { n: i }));
    let last = 0;
    for (const event of events) last = await publishRaw(nc, publishedSubject(config, type), event, event.id);
    return { events, last };
  }

  /** Events applied in batches of two or more, and how many such batches (transactions). */
  async function batches(registry: Registry): Promise<{ batched: number; transactions: number }> {
    const values = (await registry.getSingleMetric('events_consumer_batch_size')!.get()).values as { metricName?: string; value: number }[];
    const value = (name: string) => values.find((v) => v.metricName === name)?.value ?? 0;
    return { batched: value('events_consumer_batch_size_sum'), transactions: value('events_consumer_batch_size_count') };
  }

  const count = (sql: string, params: unknown[]) =>
    dataSource.query(`SELECT count(*)::int AS n FROM ${sql}`, params).then((rows: { n: number }[]) => rows[0].n);

  beforeAll(async () => {
    db = await EventsTestDatabase.create();
    dataSource = await db.dataSource();
    await dataSource.query('CREATE TABLE evtest.effects (event_id uuid NOT NULL, n int NOT NULL)');
    nc = await connect({ servers: NATS_URL, name: 'event-consumers-spec' });
    jsm = await jetstreamManager(nc);
    await ensureEventStreams(nc, config);
  }, 30_000);

  afterEach(async () => {
    await Promise.all(running.splice(0).map((c) => c.stop()));
  });

  afterAll(async () => {
    await Promise.all(running.splice(0).map((c) => c.stop()));
    if (jsm) for (const name of [stream, deadLetters]) await jsm.streams.delete(name).catch(() => undefined);
    await nc?.drain().catch(() => undefined);
    await db?.close();
  }, 30_000);

  describe('trace context', () => {
    it("handles an event in the trace it was recorded in: the handler's log lines name that trace id", async () => {
      const type = 'traced.happened';
      const traceId = randomHex(16);
      const seen: (string | undefined)[] = [];
      await consume<{ n: number }>(type, {
        handle: async () => {
          seen.push(currentLogContext()?.trace_id);
        },
      });
      const event = { ...cloudEvent(type, { n: 1 }), traceparent: `00-${traceId}-${randomHex(8)}-01` };
      await publishRaw(nc, publishedSubject(config, type), event, event.id);
      await eventually(async () => expect(seen).toEqual([traceId]));
    });
  });

  describe('failures', () => {
    it('retries a failing handler with back-off, then dead-letters it after the last attempt', async () => {
      const type = 'retry.fails';
      const attempts: number[] = [];
      const { name, registry } = await consume<{ amount: number }>(type, {
        maxDeliver: 3,
        backoffMs: [100, 200],
        handle: async () => {
          attempts.push(performance.now());
          throw new Error('downstream unavailable');
        },
      });
      const event = cloudEvent(type, { amount: 7 });
      const payload = JSON.stringify(event);
      await publishRaw(nc, publishedSubject(config, type), event, event.id);

      const [dead, ...more] = await deadLettered(type);
      expect(more).toEqual([]);
      expect(dead.subject).toBe(`${config.subjectPrefix}deadletter.events.evtest.${type}`);
      expect(dead.text).toBe(payload);
      expect(JSON.parse(dead.text)).toEqual(event);
      expect(dead.headers?.get('SF-Consumer')).toBe(name);
      expect(dead.headers?.get('SF-Deliveries')).toBe('3');
      expect(dead.headers?.get('SF-Error')).toBe('downstream unavailable');
      await eventually(async () => expect(await metricValue(registry, 'events_dead_lettered_total', { consumer: name })).toBe(1));

      expect(attempts).toHaveLength(3);
      const gaps = [attempts[1] - attempts[0], attempts[2] - attempts[1]];
      // Each redelivery waits at least its back-off (100 ms, then 200 ms).
      expect(gaps[0]).toBeGreaterThanOrEqual(100);
      expect(gaps[1]).toBeGreaterThanOrEqual(200);
      expect(await metricValue(registry, 'events_consumed_total', { consumer: name, outcome: 'failed' })).toBe(3);
      expect(await count('inbox WHERE consumer = $1', [name])).toBe(0);
    });

    it('dead-letters a malformed (non-JSON) message straight away', async () => {
      const type = 'malformed.json';
      const handled: string[] = [];
      const { name, registry } = await consume<unknown>(type, {
        maxDeliver: 3,
        backoffMs: [100],
        handle: async (e) => void handled.push(e.id),
      });
      await publishRaw(nc, publishedSubject(config, type), 'this is not json', `raw-${randomHex()}`);

      const [dead] = await deadLettered(type);
      expect(dead.text).toBe('this is not json');
      expect(dead.headers?.get('SF-Consumer')).toBe(name);
      expect(dead.headers?.get('SF-Deliveries')).toBe('1');
      expect(dead.headers?.get('SF-Error')).toMatch(/JSON/);
      await eventually(async () => expect(await metricValue(registry, 'events_dead_lettered_total', { consumer: name })).toBe(1));
      expect(await metricValue(registry, 'events_consumed_total', { consumer: name, outcome: 'failed' })).toBeUndefined();
      expect(handled).toEqual([]);
    });

    it('terminates a dead-lettered message: nothing is left pending for redelivery', async () => {
      // Otherwise the server redelivers it after ack_wait (30 s) until max_deliver, and each
      // redelivery is dead-lettered (and counted) again.
      const type = 'deadletter.settles';
      const { name, registry } = await consume<unknown>(type, {
        maxDeliver: 2,
        backoffMs: [50],
        handle: async () => {
          throw new Error('always fails');
        },
      });
      const failing = cloudEvent(type, {});
      await publishRaw(nc, publishedSubject(config, type), failing, failing.id);
      const last = await publishRaw(nc, publishedSubject(config, type), 'not json either', `raw-${randomHex()}`);
      await eventually(async () => expect(await readSubject(nc, deadLetters, deadLetterSubject(config, type))).toHaveLength(2));
      expect(await metricValue(registry, 'events_dead_lettered_total', { consumer: name })).toBe(2);
      await settled(name, last, 2000);
    }, 10_000);

    it('dead-letters a JSON message without an event id straight away', async () => {
      const type = 'malformed.noid';
      const handled: string[] = [];
      const { name } = await consume<unknown>(type, { maxDeliver: 3, backoffMs: [100], handle: async (e) => void handled.push(e.id) });
      await publishRaw(nc, publishedSubject(config, type), JSON.stringify({ type, data: {} }), `raw-${randomHex()}`);

      const [dead] = await deadLettered(type);
      expect(dead.headers?.get('SF-Deliveries')).toBe('1');
      expect(dead.headers?.get('SF-Error')).toBe('event without a UUID id');
      expect(dead.headers?.get('SF-Consumer')).toBe(name);
      expect(handled).toEqual([]);
    });

    it('dead-letters a malformed message spanning lines, and keeps consuming after it', async () => {
      // JSON.parse quotes the input in its message, newline included; header values cannot hold one.
      const type = 'malformed.multiline';
      const handled: string[] = [];
      const { name } = await consume<unknown>(type, { maxDeliver: 3, backoffMs: [100], handle: async (e) => void handled.push(e.id) });
      await publishRaw(nc, publishedSubject(config, type), '{\n  "id": \n}', `raw-${randomHex()}`);
      const next = cloudEvent(type, { after: 'malformed' });
      await publishRaw(nc, publishedSubject(config, type), next, next.id);

      const [dead] = await deadLettered(type, 2000);
      expect(dead.text).toBe('{\n  "id": \n}');
      expect(dead.headers?.get('SF-Consumer')).toBe(name);
      await eventually(async () => expect(handled).toEqual([next.id]), 2000);
    }, 10_000);

    it('dead-letters an event whose handler error message spans lines, and keeps consuming after it', async () => {
      const type = 'error.multiline';
      const handled: string[] = [];
      const { name } = await consume<{ fail: boolean }>(type, {
        maxDeliver: 1,
        handle: async (e) => {
          if (e.data.fail) throw new Error('validation failed:\n- amount must be positive');
          handled.push(e.id);
        },
      });
      const failing = cloudEvent(type, { fail: true });
      const next = cloudEvent(type, { fail: false });
      await publishRaw(nc, publishedSubject(config, type), failing, failing.id);
      await publishRaw(nc, publishedSubject(config, type), next, next.id);

      const [dead] = await deadLettered(type, 2000);
      expect(JSON.parse(dead.text)).toEqual(failing);
      expect(dead.headers?.get('SF-Consumer')).toBe(name);
      expect(dead.headers?.get('SF-Error')).toContain('validation failed');
      await eventually(async () => expect(handled).toEqual([next.id]), 2000);
    }, 10_000);
  });

  describe('inbox', () => {
    const insertEffect = (manager: EntityManager, event: CloudEvent<{ n: number }>) =>
      manager.query('INSERT INTO evtest.effects (event_id, n) VALUES ($1, $2)', [event.id, event.data.n]);

    it('applies an event published twice (different Nats-Msg-Id) once', async () => {
      const type = 'inbox.duplicate';
      const calls: string[] = [];
      const { name, registry } = await consume<{ n: number }>(type, {
        handle: async (event, manager) => {
          calls.push(event.id);
          await insertEffect(manager, event);
        },
      });
      const event = cloudEvent(type, { n: 1 });
      const first = await publishRaw(nc, publishedSubject(config, type), event, `${event.id}:a`);
      const second = await publishRaw(nc, publishedSubject(config, type), event, `${event.id}:b`);
      expect(second).toBeGreaterThan(first); // not de-duplicated by JetStream

      await settled(name, second);
      expect(calls).toEqual([event.id]);
      expect(await count('evtest.effects WHERE event_id = $1', [event.id])).toBe(1);
      expect(await count('inbox WHERE consumer = $1 AND event_id = $2', [name, event.id])).toBe(1);
      expect(await metricValue(registry, 'events_consumed_total', { consumer: name, outcome: 'ok' })).toBe(2);
    });

    it('hands what prepare answered (before the inbox transaction) to the handler, and skips prepare for an event applied before', async () => {
      const type = 'inbox.prepare';
      const prepared: string[] = [];
      const handled: (string | undefined)[] = [];
      const { name } = await consume<{ n: number }, string>(type, {
        prepare: async (event) => {
          prepared.push(event.id);
          return `answer ${event.data.n}`;
        },
        handle: async (event, manager, answer) => {
          handled.push(answer);
          await insertEffect(manager, event);
        },
      });
      const event = cloudEvent(type, { n: 5 });
      await publishRaw(nc, publishedSubject(config, type), event, `${event.id}:a`);
      const second = await publishRaw(nc, publishedSubject(config, type), event, `${event.id}:b`);

      await settled(name, second);
      expect(prepared).toEqual([event.id]);
      expect(handled).toEqual(['answer 5']);
      expect(await count('evtest.effects WHERE event_id = $1', [event.id])).toBe(1);
    });

    it('keeps consumers apart: two consumers of one event each apply it once', async () => {
      const type = 'inbox.two';
      const event = cloudEvent(type, { n: 2 });
      const seen: string[] = [];
      const a = await consume<{ n: number }>(type, { name: `a-${randomHex()}`, handle: async (e) => void seen.push(`a:${e.id}`) });
      const b = await consume<{ n: number }>(type, { name: `b-${randomHex()}`, handle: async (e) => void seen.push(`b:${e.id}`) });
      const seq = await publishRaw(nc, publishedSubject(config, type), event, event.id);
      await settled(a.name, seq);
      await settled(b.name, seq);
      expect(seen.sort()).toEqual([`a:${event.id}`, `b:${event.id}`]);
      expect(await count('inbox WHERE event_id = $1', [event.id])).toBe(2);
    });

    it('applies a backlog in batches (one transaction each): every event once, in the order published', async () => {
      const type = 'inbox.backlog';
      const { events, last } = await backlog(type, 40);
      const handled: number[] = [];
      const { name, registry } = await consume<{ n: number }>(type, {
        handle: async (event, manager) => {
          handled.push(event.data.n);
          await insertEffect(manager, event);
        },
      });
      await settled(name, last, 15_000);
      expect(handled).toEqual(events.map((e) => e.data.n));
      expect(await count('evtest.effects WHERE event_id = ANY($1::uuid[])', [events.map((e) => e.id)])).toBe(40);
      expect(await count('inbox WHERE consumer = $1', [name])).toBe(40);
      const { batched, transactions } = await batches(registry);
      // The backlog was there before the consumer started: most of it went in batches.
      expect(batched).toBeGreaterThan(20);
      expect(transactions).toBeLessThan(batched / 2);
    });

    it('batches events of a handler with a prepare step: each prepared once, before the batch’s transaction', async () => {
      const type = 'inbox.preparedbatch';
      const { events, last } = await backlog(type, 20);
      const prepared: number[] = [];
      const handled: (string | undefined)[] = [];
      const { name, registry } = await consume<{ n: number }, string>(type, {
        prepare: async (event) => {
          prepared.push(event.data.n);
          return `answer ${event.data.n}`;
        },
        handle: async (event, manager, answer) => {
          handled.push(answer);
          await insertEffect(manager, event);
        },
      });
      await settled(name, last, 15_000);
      expect(prepared).toEqual(events.map((e) => e.data.n));
      expect(handled).toEqual(events.map((e) => `answer ${e.data.n}`));
      expect((await batches(registry)).batched).toBeGreaterThan(10);
    });

    it('retries only the event that failed in a batch; the others are applied once', async () => {
      const type = 'inbox.batchfail';
      const { events, last } = await backlog(type, 10);
      const attempts = new Map<number, number>();
      const { name } = await consume<{ n: number }>(type, {
        maxDeliver: 3,
        backoffMs: [50],
        handle: async (event, manager) => {
          const attempt = (attempts.get(event.data.n) ?? 0) + 1;
          attempts.set(event.data.n, attempt);
          await insertEffect(manager, event);
          // Event 4 fails twice: once in the batch, once on its own; then it is redelivered.
          if (event.data.n === 4 && attempt <= 2) throw new Error('not yet');
        },
      });
      await settled(name, last, 15_000);
      for (const event of events) expect(await count('evtest.effects WHERE event_id = $1', [event.id])).toBe(1);
      expect(await count('inbox WHERE consumer = $1', [name])).toBe(10);
      expect(attempts.get(4)).toBe(3);
      expect(await readSubject(nc, deadLetters, deadLetterSubject(config, type))).toEqual([]);
    });

    it('rolls back the inbox row with a failed effect, and applies the event once on a later attempt', async () => {
      const type = 'inbox.rollback';
      const event = cloudEvent(type, { n: 3 });
      const observed: { attempt: number; inbox: number; effects: number }[] = [];
      let attempt = 0;
      const { name } = await consume<{ n: number }>(type, {
        maxDeliver: 3,
        backoffMs: [50],
        handle: async (e, manager) => {
          attempt += 1;
          // What is committed, seen from another connection, when this attempt starts.
          observed.push({
            attempt,
            inbox: await count('inbox WHERE consumer = $1 AND event_id = $2', [name, e.id]),
            effects: await count('evtest.effects WHERE event_id = $1', [e.id]),
          });
          await insertEffect(manager, e);
          if (attempt === 1) throw new Error('effect failed after writing');
        },
      });
      const seq = await publishRaw(nc, publishedSubject(config, type), event, event.id);

      await settled(name, seq);
      expect(observed).toEqual([
        { attempt: 1, inbox: 0, effects: 0 },
        { attempt: 2, inbox: 0, effects: 0 }, // the failed attempt left neither its effect nor its inbox row
      ]);
      expect(await count('evtest.effects WHERE event_id = $1', [event.id])).toBe(1);
      expect(await count('inbox WHERE consumer = $1 AND event_id = $2', [name, event.id])).toBe(1);
      expect(await readSubject(nc, deadLetters, deadLetterSubject(config, type))).toEqual([]);
    });

    it('a handler that succeeds once and is redelivered the event (same id, new consumer instance) changes nothing', async () => {
      const type = 'inbox.restart';
      const name = `restart-${randomHex()}`;
      const event = cloudEvent(type, { n: 4 });
      const calls: string[] = [];
      const handle = async (e: CloudEvent<{ n: number }>, manager: EntityManager) => {
        calls.push(e.id);
        await insertEffect(manager, e);
      };
      const first = await consume<{ n: number }>(type, { name, handle });
      const seq = await publishRaw(nc, publishedSubject(config, type), event, randomUUID());
      await settled(name, seq);
      await first.consumers.stop();

      // The same durable picks up where it left; a re-publish of the event reaches it again.
      await consume<{ n: number }>(type, { name, handle });
      const again = await publishRaw(nc, publishedSubject(config, type), event, randomUUID());
      await settled(name, again);
      expect(calls).toEqual([event.id]);
      expect(await count('evtest.effects WHERE event_id = $1', [event.id])).toBe(1);
    });
  });
});
