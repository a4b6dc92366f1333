import { jetstreamManager, JetStreamManager } from '@nats-io/jetstream';
import { connect, NatsConnection } from '@nats-io/transport-node';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { Registry } from 'prom-client';
import { DataSource, EntityManager, IsNull } from 'typeorm';
import { runWithLogContext } from '@sf/observability';
import { eventually } from '@sf/testing';
import { DomainEvents, RecordedEvent } from './domain-events';
import { ensureEventStreams } from './event-stream';
import { deadLetterStreamName, eventsStreamName } from './events.config';
import { OutboxRelay, OutboxRelayOptions } from './outbox-relay';
import { OutboxEvent } from './outbox.entity';
import { EventConsumers } from './event-consumers';
import {
  capturingLogger,
  EventsTestDatabase,
  freePort,
  metricValue,
  NATS_URL,
  NatsServerProcess,
  publishedSubject,
  randomHex,
  readEvents,
  silentLogger,
  TEST_SERVICE,
  testEventsConfig,
} from './testing/events-harness';
import { eventCatalogue, eventConsumer, selectEvents } from '@sf/contracts';

/** A relay that "dies" after publishing and before marking its rows sent, `crashes` times. */
class CrashingRelay extends OutboxRelay {
  crashes = 1;

  protected override async markSent(manager: EntityManager, ids: string[]): Promise<void> {
    if (this.crashes > 0) {
      this.crashes -= 1;
      throw new Error('relay killed between publish and mark-sent');
    }
    await super.markSent(manager, ids);
  }
}

/** A relay that holds its claimed rows (published, not yet marked sent) until released. */
class HeldRelay extends OutboxRelay {
  private release!: () => void;
  private readonly released = new Promise<void>((resolve) => (this.release = resolve));
  private entered!: () => void;
  /** Resolves once a batch has published its rows and is holding their locks. */
  readonly holding = new Promise<void>((resolve) => (this.entered = resolve));

  protected override async markSent(manager: EntityManager, ids: string[]): Promise<void> {
    this.entered();
    await this.released;
    await super.markSent(manager, ids);
  }

  go(): void {
    this.release();
  }
}

describe('OutboxRelay', () => {
  const config = testEventsConfig();
  const stream = eventsStreamName(config);
  let db: EventsTestDatabase;
  let dataSource: DataSource;
  let nc: NatsConnection;
  let jsm: JetStreamManager;
  const started: OutboxRelay[] = [];

  const relayOptions = (overrides: Partial<OutboxRelayOptions> = {}): OutboxRelayOptions => ({
    service: TEST_SERVICE,
    subjectPrefix: config.subjectPrefix,
    outboxRetentionDays: config.outboxRetentionDays,
    ...overrides,
  });

  /** A relay with its own metrics registry (each relay registers the same metric names). */
  function relay(
    options: Partial<OutboxRelayOptions> = {},
    deps: { dataSource?: DataSource; nats?: NatsConnection; registry?: Registry; logger?: Logger } = {},
  ): OutboxRelay {
    return new OutboxRelay(
      deps.dataSource ?? dataSource,
      deps.nats ?? nc,
      relayOptions(options),
      deps.logger ?? silentLogger(),
      deps.registry ?? new Registry(),
    );
  }

  async function start(r: OutboxRelay): Promise<OutboxRelay> {
    started.push(r);
    await r.start();
    return r;
  }

  async function recordCommitted(events: DomainEvents, type: string, data: unknown = {}): Promise<RecordedEvent> {
    return dataSource.transaction((manager) => events.record(manager, type, `subject-${type}`, data));
  }

  const outboxCount = (where: string = 'TRUE', params: unknown[] = []) =>
    dataSource.query(`SELECT count(*)::int AS n FROM outbox WHERE ${where}`, params).then((rows: { n: number }[]) => rows[0].n);

  const publishedCount = async (r: OutboxRelay) => (await r.published.get()).values[0]?.value ?? 0;

  beforeAll(async () => {
    db = await EventsTestDatabase.create();
    dataSource = await db.dataSource();
    nc = await connect({ servers: NATS_URL, name: 'outbox-relay-spec' });
    jsm = await jetstreamManager(nc);
    await ensureEventStreams(nc, config);
  }, 30_000);

  beforeEach(() => dataSource.query('DELETE FROM outbox'));

  afterEach(async () => {
    await Promise.all(started.splice(0).map((r) => r.stop()));
  });

  afterAll(async () => {
    await Promise.all(started.splice(0).map((r) => r.stop()));
    if (jsm) for (const name of [stream, deadLetterStreamName(config)]) await jsm.streams.delete(name).catch(() => undefined);
    await nc?.drain().catch(() => undefined);
    await db?.close();
  }, 30_000);

  describe('transactional outbox', () => {
    it('never publishes an event whose transaction rolled back', async () => {
      const r = relay();
      const events = new DomainEvents(r);
      let rolledBack: RecordedEvent | undefined;
      await expect(
        dataSource.transaction(async (manager) => {
          rolledBack = await events.record(manager, 'order.rolledback', 'order-1', { total: 1 });
          throw new Error('use case failed after recording');
        }),
      ).rejects.toThrow('use case failed after recording');
      expect(rolledBack?.id).toBeDefined();

      expect(await outboxCount()).toBe(0);
      expect(await r.publishBatch()).toBe(0);

      // A started relay too: once it has published a later, committed event, it has seen
      // everything before it and still published nothing for the rolled-back one.
      await start(relay());
      const sentinel = await recordCommitted(events, 'order.rolledback', { sentinel: true });
      const onStream = await eventually(async () => {
        const found = await readEvents(nc, stream, publishedSubject(config, 'order.rolledback'));
        expect(found.map((m) => m.event.id)).toContain(sentinel.id);
        return found;
      });
      expect(onStream.map((m) => m.event.id)).toEqual([sentinel.id]);
      expect(onStream.map((m) => m.msgId)).not.toContain(rolledBack!.id);
      expect(await outboxCount('id = $1', [rolledBack!.id])).toBe(0);
    });

    it('publishes a committed event as a CloudEvent on <prefix>events.<service>.<type>, de-duplicable by id', async () => {
      const r = await start(relay());
      const events = new DomainEvents(r);
      const data = { orderId: 'o-42', total: 1999, lines: [{ sku: 'a', qty: 2 }] };
      const recorded = await dataSource.transaction((manager) => events.record(manager, 'order.placed', 'order-42', data));
      expect(recorded).toEqual({ id: expect.any(String), type: 'order.placed' });

      const row = await eventually(async () => {
        const found = await dataSource.getRepository(OutboxEvent).findOneByOrFail({ id: recorded.id });
        expect(found.publishedAt).toBeInstanceOf(Date);
        return found;
      });
      const [message, ...others] = await readEvents(nc, stream, publishedSubject(config, 'order.placed'));
      expect(others).toEqual([]);
      expect(publishedSubject(config, 'order.placed')).toBe(`${config.subjectPrefix}events.evtest.order.placed`);
      expect(message.msgId).toBe(recorded.id);
      expect(message.event).toEqual({
        specversion: '1.0',
        id: recorded.id,
        source: 'softfactory/evtest',
        type: 'order.placed',
        time: row.createdAt.toISOString(),
        subject: 'order-42',
        datacontenttype: 'application/json',
        data,
      });
      expect(await publishedCount(r)).toBe(1);
    });

    it('carries the trace context the event was recorded in as the CloudEvent traceparent', async () => {
      const r = await start(relay());
      const events = new DomainEvents(r);
      const traceId = randomHex(16);
      const recorded = await runWithLogContext({ trace_id: traceId, span_id: randomHex(8) }, () =>
        dataSource.transaction((manager) => events.record(manager, 'order.traced', 'order-7', { n: 1 })),
      );
      const [message] = await eventually(async () => {
        const found = await readEvents(nc, stream, publishedSubject(config, 'order.traced'));
        expect(found.length).toBe(1);
        return found;
      });
      expect(message.event.id).toBe(recorded.id);
      expect(message.event.traceparent).toMatch(new RegExp(`^00-${traceId}-[0-9a-f]{16}-01$`));
    });
  });

  describe('NATS outage', () => {
    let server: NatsServerProcess | undefined;
    let storeDir: string | undefined;
    let relayNats: NatsConnection | undefined;
    let checkNats: NatsConnection | undefined;

    afterAll(async () => {
      await Promise.all(started.splice(0).map((r) => r.stop()));
      await relayNats?.close().catch(() => undefined);
      await checkNats?.close().catch(() => undefined);
      await server?.stop();
      if (storeDir) await rm(storeDir, { recursive: true, force: true });
    }, 30_000);

    it('publishes every event recorded while NATS was down, once each, after it returns', async () => {
      storeDir = await mkdtemp(join(tmpdir(), 'sf-evtest-nats-'));
      server = new NatsServerProcess(await freePort(), storeDir);
      await server.start();
      relayNats = await connect({ servers: server.url, maxReconnectAttempts: -1, reconnectTimeWait: 200, name: 'outage-relay' });
      await ensureEventStreams(relayNats, config);

      const registry = new Registry();
      const { logger, entries } = capturingLogger();
      const r = await start(relay({}, { nats: relayNats, registry, logger }));
      const events = new DomainEvents(r);

      await server.stop();
      const recorded: RecordedEvent[] = [];
      for (let i = 0; i < 20; i++) recorded.push(await recordCommitted(events, 'outage.recorded', { i }));
      expect(await outboxCount('published_at IS NULL')).toBe(20);
      // The relay tried, failed and backs off; it did not crash.
      await eventually(async () => expect(entries.map((e) => e.msg)).toContain('outbox relay cannot publish; backing off'), 10_000);
      expect(await metricValue(registry, 'outbox_pending_events')).toBe(20);

      await server.start();
      await eventually(async () => expect(await metricValue(registry, 'outbox_pending_events')).toBe(0), 20_000, 100);

      checkNats = await connect({ servers: server.url, name: 'outage-check' });
      const checkJsm = await jetstreamManager(checkNats);
      expect((await checkJsm.streams.info(stream)).state.messages).toBe(20);
      const onStream = await readEvents(checkNats, stream, publishedSubject(config, 'outage.recorded'));
      expect(onStream).toHaveLength(20);
      expect(new Set(onStream.map((m) => m.event.id)).size).toBe(20);
      expect(onStream.map((m) => m.event.id).sort()).toEqual(recorded.map((e) => e.id).sort());
      expect(onStream.every((m) => m.msgId === m.event.id)).toBe(true);
      expect(await publishedCount(r)).toBe(20);
      expect(await outboxCount('published_at IS NULL')).toBe(0);
    }, 40_000);
  });

  describe('at-least-once relay, exactly-once effect', () => {
    it('a relay killed between publish and mark-sent causes no duplicate delivery', async () => {
      const type = 'crash.between';
      const handled: string[] = [];
      const consumers = new EventConsumers(dataSource, nc, config, silentLogger(), new Registry());
      try {
        const catalogue = eventCatalogue<Record<string, unknown>>(TEST_SERVICE, { [type]: 'an event of the test' });
        await consumers.register(
          eventConsumer({ name: 'crash-consumer', service: TEST_SERVICE, reads: selectEvents(catalogue, type), summary: 'test' }),
          async (event) => void handled.push(event.id),
        );
        const crashing = new CrashingRelay(dataSource, nc, relayOptions(), silentLogger(), new Registry());
        const recorded = await recordCommitted(new DomainEvents(crashing), type, { n: 1 });

        await expect(crashing.publishBatch()).rejects.toThrow('relay killed between publish and mark-sent');
        expect(await outboxCount('id = $1 AND published_at IS NULL', [recorded.id])).toBe(1);
        expect(await publishedCount(crashing)).toBe(0);

        const restarted = relay();
        expect(await restarted.publishBatch()).toBe(1);
        expect(await outboxCount('id = $1 AND published_at IS NOT NULL', [recorded.id])).toBe(1);

        const onStream = await readEvents(nc, stream, publishedSubject(config, type));
        expect(onStream.map((m) => m.event.id)).toEqual([recorded.id]);
        // Everything on the subject delivered and acknowledged, then: the handler ran once.
        await eventually(async () => {
          const info = await jsm.consumers.info(stream, 'crash-consumer');
          expect(info.ack_floor.stream_seq).toBeGreaterThanOrEqual(onStream[0].seq);
          expect(info.num_pending + info.num_ack_pending).toBe(0);
        });
        expect(handled).toEqual([recorded.id]);
      } finally {
        await consumers.stop();
      }
    });
  });

  describe('replicas', () => {
    it('two relays on the same outbox publish every event exactly once', async () => {
      const type = 'replicas.bulk';
      const first = relay();
      const events = new DomainEvents(first);
      const recorded = await dataSource.transaction(async (manager) => {
        const out: RecordedEvent[] = [];
        for (let i = 0; i < 300; i++) out.push(await events.record(manager, type, `s-${i}`, { i }));
        return out;
      });

      const registry = new Registry();
      const secondSource = await db.dataSource();
      const a = new OutboxRelay(dataSource, nc, relayOptions(), silentLogger(), registry);
      const b = new OutboxRelay(secondSource, nc, relayOptions(), silentLogger(), new Registry());
      started.push(a, b);
      await Promise.all([a.start(), b.start()]);
      await eventually(async () => expect(await metricValue(registry, 'outbox_pending_events')).toBe(0), 15_000, 100);

      expect((await publishedCount(a)) + (await publishedCount(b))).toBe(300);
      const onStream = await readEvents(nc, stream, publishedSubject(config, type));
      expect(onStream).toHaveLength(300);
      expect(new Set(onStream.map((m) => m.event.id)).size).toBe(300);
      expect(onStream.map((m) => m.event.id).sort()).toEqual(recorded.map((e) => e.id).sort());
    }, 30_000);

    it('publishNow returns only once the event is on the stream', async () => {
      const type = 'now.reply';
      const r = relay();
      const events = new DomainEvents(r);
      const recorded = await recordCommitted(events, type, { reply: true });

      await events.publishNow([recorded, null, undefined]);
      const onStream = await readEvents(nc, stream, publishedSubject(config, type));
      expect(onStream.map((m) => m.event.id)).toEqual([recorded.id]);
      expect(await outboxCount('id = $1 AND published_at IS NOT NULL', [recorded.id])).toBe(1);
      expect(await publishedCount(r)).toBe(1);

      // Already published: nothing more to do, nothing published twice.
      await events.publishNow([recorded]);
      await events.publishNow([]);
      expect(await publishedCount(r)).toBe(1);
    });

    it('publishNow waits for a relay that holds the event, and does not publish it again', async () => {
      const type = 'now.held';
      const held = new HeldRelay(dataSource, nc, relayOptions(), silentLogger(), new Registry());
      const r = relay();
      const events = new DomainEvents(r);
      const recorded = await recordCommitted(events, type);

      const batch = held.publishBatch();
      await held.holding;
      let returned = false;
      const now = events.publishNow([recorded]).then(() => (returned = true));
      // publishNow is blocked on the row lock the other relay holds.
      await eventually(async () => {
        const waiting = await dataSource.query(
          `SELECT count(*)::int AS n FROM pg_stat_activity
            WHERE datname = current_database() AND pid <> pg_backend_pid() AND wait_event_type = 'Lock' AND query LIKE '%WHERE id = ANY%'`,
        );
        expect(waiting[0].n).toBe(1);
      });
      expect(returned).toBe(false);

      held.go();
      expect(await batch).toBe(1);
      await now;
      const onStream = await readEvents(nc, stream, publishedSubject(config, type));
      expect(onStream.map((m) => m.event.id)).toEqual([recorded.id]);
      expect(await publishedCount(held)).toBe(1);
      expect(await publishedCount(r)).toBe(0);
    });
  });

  describe('wake-up', () => {
    /** A relay whose first batch finds nothing and is held until `releaseFirst`; its poll is a minute away. */
    async function relayHeldInFirstBatch(): Promise<{ r: OutboxRelay; releaseFirst: () => void }> {
      let releaseFirst!: () => void;
      const firstHeld = new Promise<void>((resolve) => (releaseFirst = resolve));
      let afterFirst!: () => void;
      const firstDone = new Promise<void>((resolve) => (afterFirst = resolve));
      let calls = 0;
      class SlowFirstBatch extends OutboxRelay {
        override async publishBatch(): Promise<number> {
          const published = await super.publishBatch();
          calls += 1;
          if (calls === 1) {
            afterFirst();
            await firstHeld;
          }
          return published;
        }
      }
      const r = new SlowFirstBatch(dataSource, nc, relayOptions({ pollIntervalMs: 60_000 }), silentLogger(), new Registry());
      await start(r);
      await firstDone;
      return { r, releaseFirst };
    }

    it('publishes an event committed while a batch is in flight without waiting for the poll', async () => {
      const { r, releaseFirst } = await relayHeldInFirstBatch();
      const recorded = await recordCommitted(new DomainEvents(r), 'wake.during.batch');
      releaseFirst();
      await eventually(async () => expect(await outboxCount('id = $1 AND published_at IS NOT NULL', [recorded.id])).toBe(1), 2500);
    }, 10_000);

    it('is woken by the commit, not by the insert: an event of a transaction still open is not looked for', async () => {
      const r = relay({ pollIntervalMs: 60_000 });
      const nudges: number[] = [];
      const nudge = r.nudge.bind(r);
      r.nudge = () => {
        nudges.push(Date.now());
        nudge();
      };
      const events = new DomainEvents(r);
      await dataSource.transaction(async (manager) => {
        await events.record(manager, 'wake.on.commit', 'subject', {});
        // A savepoint released inside the transaction is not its commit.
        await manager.transaction(async (inner) => inner.query('SELECT 1'));
        expect(nudges).toHaveLength(0);
      });
      expect(nudges).toHaveLength(1);
      await expect(
        dataSource.transaction(async (manager) => {
          await events.record(manager, 'wake.on.commit', 'subject', {});
          throw new Error('rolled back');
        }),
      ).rejects.toThrow('rolled back');
      expect(nudges).toHaveLength(1);
      // Outside a transaction the insert is its own commit.
      await events.record(dataSource.manager, 'wake.on.commit', 'subject', {});
      expect(nudges).toHaveLength(2);
    });

    it('keeps the commit a success when what runs after it throws', async () => {
      const broken = new DomainEvents({
        nudge: () => {
          throw new Error('relay gone');
        },
      } as unknown as OutboxRelay);
      const recorded = await recordCommitted(broken, 'wake.broken');
      expect(await outboxCount('id = $1', [recorded.id])).toBe(1);
    });
  });

  describe('metrics', () => {
    it('reports pending events and the lag of the oldest while the relay is not running', async () => {
      const registry = new Registry();
      const r = relay({}, { registry });
      const events = new DomainEvents(r);
      expect(await metricValue(registry, 'outbox_pending_events')).toBe(0);
      expect(await metricValue(registry, 'outbox_lag_seconds')).toBe(0);

      for (let i = 0; i < 3; i++) await recordCommitted(events, 'metrics.pending', { i });
      expect(await metricValue(registry, 'outbox_pending_events')).toBe(3);
      const pendingText = await registry.getSingleMetricAsString('outbox_pending_events');
      expect(pendingText).toMatch(/^outbox_pending_events 3$/m);
      await eventually(async () => expect(await metricValue(registry, 'outbox_lag_seconds')).toBeGreaterThan(0));

      expect(await r.publishBatch()).toBe(3);
      expect(await metricValue(registry, 'outbox_pending_events')).toBe(0);
      expect(await metricValue(registry, 'outbox_lag_seconds')).toBe(0);
      expect(await metricValue(registry, 'outbox_published_total')).toBe(3);
      expect(await dataSource.getRepository(OutboxEvent).countBy({ publishedAt: IsNull() })).toBe(0);
    });
  });
});
