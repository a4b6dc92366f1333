import { AckPolicy, DeliverPolicy, jetstream, jetstreamManager, JsMsg } from '@nats-io/jetstream';
import { headers, nanos, NatsConnection } from '@nats-io/transport-node';
import { context as otelContext, propagation, ROOT_CONTEXT, SpanKind, trace } from '@opentelemetry/api';
import { newSpanId, parseTraceparent, runWithLogContext } from '@sf/observability';
import type { Logger } from 'pino';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import { DataSource, EntityManager } from 'typeorm';
import type { ConsumerDefinition, EventOf, EventSelection } from '@sf/contracts';
import { returnedRows } from '@sf/database';
import { CloudEvent } from './cloud-event';
import { ensureEventStreams } from './event-stream';
import { EventsConfig, eventsStreamName } from './events.config';

/** Applies one event; runs in the transaction that records it in the inbox. Throw to retry. */
export type EventHandler<E, P = undefined> = (event: E, manager: EntityManager, prepared: P | undefined) => Promise<void>;

/** An event handler with a step before its transaction. */
export interface PreparedEventHandler<E, P> {
  /**
   * Calls to other services the handler needs, made before the inbox transaction opens (never
   * inside it); their answer is handed to `handle`. Skipped for an event already applied; runs
   * again on a redelivery, so it must be idempotent. Throw to retry.
   */
  prepare(event: E): Promise<P>;
  handle: EventHandler<E, P>;
}

export interface DeliveryOptions {
  /** Deliveries before the event goes to dead-letter (default 5). */
  maxDeliver?: number;
  /** Delay before each redelivery after a failure (default 1 s, 5 s, 15 s, 30 s). */
  backoffMs?: number[];
}

interface Registration extends DeliveryOptions {
  name: string;
  subject: string;
  types: readonly string[];
  prepare?(event: CloudEvent): Promise<unknown>;
  handle: EventHandler<CloudEvent, unknown>;
}

const DEFAULT_BACKOFF_MS = [1000, 5000, 15_000, 30_000];
/**
 * Events that arrived while the last ones were applied are applied together, in one transaction
 * with one inbox insert, up to this many: a burst of writes costs its consumers a round trip per
 * event instead of five (begin, inbox, effect, commit, ack).
 */
const MAX_BATCH = 32;
/**
 * How long the first event of a batch waits for others (a write's events are rarely alone under
 * load): consumers apply asynchronously anyway, and 20 ms more spares a transaction per event.
 */
const LINGER_MS = 20;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Durable JetStream consumers with explicit ack, bounded redelivery with back-off, a dead-letter
 * subject after the last attempt, and an inbox: the handler's effect and the event id commit
 * together, so a redelivered event changes nothing.
 */
export class EventConsumers {
  private readonly stops: (() => Promise<void>)[] = [];
  private streams: Promise<void> | null = null;
  private readonly deadLettered: Counter<'consumer'>;
  private readonly consumed: Counter<'consumer' | 'outcome'>;
  private readonly batchSizes: Histogram<'consumer'>;
  private readonly durables = new Set<string>();

  constructor(
    private readonly dataSource: DataSource,
    private readonly nats: NatsConnection,
    private readonly config: EventsConfig,
    private readonly logger: Logger,
    metrics: Registry,
  ) {
    this.deadLettered = new Counter({
      name: 'events_dead_lettered_total',
      help: 'Events sent to dead-letter',
      labelNames: ['consumer'],
      registers: [metrics],
    });
    this.consumed = new Counter({
      name: 'events_consumed_total',
      help: 'Event deliveries handled',
      labelNames: ['consumer', 'outcome'],
      registers: [metrics],
    });
    this.batchSizes = new Histogram({
      name: 'events_consumer_batch_size',
      help: 'Events applied together in one transaction (batches of more than one)',
      labelNames: ['consumer'],
      buckets: [2, 4, 8, 16, 32],
      registers: [metrics],
    });
    // Read from JetStream at scrape time: what each durable consumer has yet to be given or to ack.
    const pending = () => this.pending();
    new Gauge({
      name: 'events_consumer_pending_messages',
      help: 'Events in the stream that a consumer has not acknowledged yet (the consumer lag)',
      labelNames: ['consumer'],
      registers: [metrics],
      async collect() {
        for (const [name, count] of await pending()) this.set({ consumer: name }, count);
      },
    });
  }

  /** Unacknowledged events per durable consumer of this process. */
  private async pending(): Promise<Map<string, number>> {
    const result = new Map<string, number>();
    if (this.durables.size === 0 || this.nats.isClosed()) return result;
    const jsm = await jetstreamManager(this.nats);
    const stream = eventsStreamName(this.config);
    for (const name of this.durables) {
      const info = await jsm.consumers.info(stream, name).catch(() => null);
      if (info) result.set(name, info.num_pending + info.num_ack_pending);
    }
    return result;
  }

  /**
   * Starts the durable consumer `declaration` declares, applying each event it reads with
   * `handler`, typed by the declaration: the event's `data` is the publisher's type for its `type`.
   */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  async register<S extends EventSelection<any, any>, P = undefined>(
    declaration: ConsumerDefinition<S>,
    handler: EventHandler<EventOf<S>> | PreparedEventHandler<EventOf<S>, P>,
    options: DeliveryOptions = {},
  ): Promise<void> {
    const steps = typeof handler === 'function' ? { handle: handler } : handler;
    const registration: Registration = {
      ...options,
      name: declaration.name,
      subject: declaration.reads.subject,
      types: declaration.reads.types,
      prepare: 'prepare' in steps ? (steps.prepare as Registration['prepare']) : undefined,
      handle: steps.handle as EventHandler<CloudEvent, unknown>,
    };
    await this.ensureStreams();
    const maxDeliver = registration.maxDeliver ?? 5;
    const stream = eventsStreamName(this.config);
    const jsm = await jetstreamManager(this.nats);
    const consumerConfig = {
      durable_name: registration.name,
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.All,
      filter_subject: this.config.subjectPrefix + registration.subject,
      max_deliver: maxDeliver,
      ack_wait: nanos(30_000),
    };
    try {
      await jsm.consumers.info(stream, registration.name);
      await jsm.consumers.update(stream, registration.name, consumerConfig);
    } catch {
      await jsm.consumers.add(stream, consumerConfig);
    }
    this.durables.add(registration.name);
    const consumer = await jetstream(this.nats).consumers.get(stream, registration.name);
    const messages = await consumer.consume({ max_messages: 16 });
    // Read ahead at most one batch: what is not read stays with JetStream (its ack wait not running).
    const arrived: JsMsg[] = [];
    const signal: { arrived?: () => void; space?: () => void; ended: boolean } = { ended: false };
    const reading = (async () => {
      for await (const msg of messages) {
        arrived.push(msg);
        signal.arrived?.();
        while (arrived.length >= MAX_BATCH && !signal.ended) await new Promise<void>((resolve) => (signal.space = resolve));
      }
    })().finally(() => {
      signal.ended = true;
      signal.arrived?.();
    });
    const applying = (async () => {
      for (;;) {
        // Once stopped, what was read and not applied is redelivered (its ack wait runs out).
        if (signal.ended) return;
        if (arrived.length === 0) {
          await new Promise<void>((resolve) => (signal.arrived = resolve));
          signal.arrived = undefined;
          continue;
        }
        if (arrived.length < MAX_BATCH) await new Promise((resolve) => setTimeout(resolve, LINGER_MS));
        if (signal.ended) return;
        const batch = arrived.splice(0, MAX_BATCH);
        signal.space?.();
        // One bad message must never stop the consumer.
        await this.processBatch(registration, maxDeliver, batch).catch((error: unknown) => {
          this.logger.error({ consumer: registration.name, err: String(error) }, 'event processing failed; will be redelivered');
          for (const msg of batch) msg.nak(5000);
        });
      }
    })();
    this.stops.push(async () => {
      await messages.close();
      signal.ended = true;
      signal.space?.();
      await Promise.all([reading.catch(() => undefined), applying.catch(() => undefined)]);
    });
  }

  /** Which of these events the consumer has applied before (lower-case ids). */
  private async appliedOf(consumer: string, eventIds: string[]): Promise<Set<string>> {
    const rows = (await this.dataSource.query('SELECT event_id FROM inbox WHERE consumer = $1 AND event_id = ANY($2::uuid[])', [
      consumer,
      eventIds,
    ])) as { event_id: string }[];
    return new Set(rows.map((row) => row.event_id));
  }

  /** Creates or updates the streams once per process, whoever asks first. */
  ensureStreams(): Promise<void> {
    this.streams ??= ensureEventStreams(this.nats, this.config);
    return this.streams;
  }

  async stop(): Promise<void> {
    await Promise.all(this.stops.splice(0).map((stop) => stop()));
  }

  /**
   * Applies the events of a batch in order, in one transaction with one inbox insert. A batch
   * that fails is applied again one event at a time, each in its own transaction, so only the
   * event that fails is retried (and, after its last attempt, dead-lettered). A handler's step
   * before the transaction (`prepare`) runs for each event not applied before, ahead of it.
   */
  private async processBatch(registration: Registration, maxDeliver: number, batch: JsMsg[]): Promise<void> {
    const readable: { msg: JsMsg; event: CloudEvent }[] = [];
    for (const msg of batch) {
      const event = await this.read(registration, msg);
      if (event) readable.push({ msg, event });
    }
    if (readable.length === 0) return;
    const one = (r: { msg: JsMsg; event: CloudEvent }) =>
      this.inTrace(registration.name, r.event, () => this.apply(registration, maxDeliver, r.msg, r.event));
    if (readable.length === 1) return one(readable[0]);
    try {
      const prepared = new Map<string, unknown>();
      if (registration.prepare) {
        const applied = await this.appliedOf(
          registration.name,
          readable.map((r) => r.event.id),
        );
        for (const { event } of readable) {
          if (applied.has(event.id.toLowerCase()) || prepared.has(event.id)) continue;
          await this.inTrace(registration.name, event, async () => void prepared.set(event.id, await registration.prepare!(event)));
        }
      }
      await this.dataSource.transaction(async (manager) => {
        const fresh = new Set(
          returnedRows<{ event_id: string }>(
            await manager.query(
              'INSERT INTO inbox (consumer, event_id) SELECT $1, unnest($2::uuid[]) ON CONFLICT DO NOTHING RETURNING event_id',
              [registration.name, readable.map((r) => r.event.id)],
            ),
          ).map((row) => row.event_id),
        );
        for (const { event } of readable) {
          // Applied before (a redelivery, a re-publish), or already earlier in this batch.
          if (!fresh.delete(event.id.toLowerCase())) continue;
          await this.inTrace(registration.name, event, () => registration.handle(event, manager, prepared.get(event.id)));
        }
      });
    } catch {
      for (const r of readable) await one(r);
      return;
    }
    for (const { msg } of readable) msg.ack();
    this.consumed.inc({ consumer: registration.name, outcome: 'ok' }, readable.length);
    this.batchSizes.observe({ consumer: registration.name }, readable.length);
  }

  /** The event a message carries, or null once it is dead-lettered (unreadable, or not this consumer's). */
  private async read(registration: Registration, msg: JsMsg): Promise<CloudEvent | null> {
    try {
      const event = msg.json<CloudEvent>();
      if (typeof event.id !== 'string' || !UUID.test(event.id)) throw new Error('event without a UUID id');
      if (!registration.types.includes(event.type)) throw new Error(`event type ${String(event.type)} is not one this consumer reads`);
      return event;
    } catch (error) {
      await this.deadLetter(registration.name, msg, error);
      return null;
    }
  }

  /**
   * Runs the handling of an event in a consumer span whose parent (and link) is the context the
   * event was recorded in, so one trace runs from the request to every consumer; its log lines
   * carry that trace id.
   */
  private async inTrace(consumer: string, event: CloudEvent, run: () => Promise<void>): Promise<void> {
    const producer = propagation.extract(ROOT_CONTEXT, { traceparent: event.traceparent ?? '' });
    const producerSpan = trace.getSpanContext(producer);
    const span = trace.getTracer('@sf/events').startSpan(
      `${event.type} process`,
      {
        kind: SpanKind.CONSUMER,
        links: producerSpan ? [{ context: producerSpan }] : [],
        attributes: { 'messaging.system': 'nats', 'messaging.consumer.group.name': consumer, 'messaging.message.id': event.id },
      },
      producer,
    );
    const own = span.spanContext();
    const recorded = parseTraceparent(event.traceparent);
    const traced = trace.isSpanContextValid(own);
    const log = traced
      ? { trace_id: own.traceId, span_id: own.spanId }
      : recorded
        ? { trace_id: recorded.traceId, span_id: newSpanId() }
        : {};
    try {
      await runWithLogContext(log, () => otelContext.with(trace.setSpan(producer, span), run));
    } finally {
      span.end();
    }
  }

  private async apply(registration: Registration, maxDeliver: number, msg: JsMsg, event: CloudEvent): Promise<void> {
    try {
      let prepared: unknown;
      if (registration.prepare && !(await this.appliedOf(registration.name, [event.id])).has(event.id.toLowerCase()))
        prepared = await registration.prepare(event);
      await this.dataSource.transaction(async (manager) => {
        const fresh = returnedRows(
          await manager.query('INSERT INTO inbox (consumer, event_id) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING event_id', [
            registration.name,
            event.id,
          ]),
        );
        if (fresh.length === 0) return; // applied before: a redelivery or a re-publish
        await registration.handle(event, manager, prepared);
      });
      msg.ack();
      this.consumed.inc({ consumer: registration.name, outcome: 'ok' });
    } catch (error) {
      const attempt = msg.info.deliveryCount;
      this.consumed.inc({ consumer: registration.name, outcome: 'failed' });
      if (attempt >= maxDeliver) {
        await this.deadLetter(registration.name, msg, error);
        return;
      }
      const backoff = registration.backoffMs ?? DEFAULT_BACKOFF_MS;
      const delay = backoff[Math.min(attempt - 1, backoff.length - 1)];
      this.logger.warn(
        { consumer: registration.name, event_id: event.id, attempt, retry_in_ms: delay, err: String(error) },
        'event handler failed',
      );
      msg.nak(delay);
    }
  }

  /** Keeps the event (and why) on `deadletter.<subject>` and stops its redelivery. */
  private async deadLetter(consumer: string, msg: JsMsg, error: unknown): Promise<void> {
    const original = msg.subject.startsWith(this.config.subjectPrefix) ? msg.subject.slice(this.config.subjectPrefix.length) : msg.subject;
    try {
      const h = headers();
      h.set('Nats-Msg-Id', `${consumer}:${msg.seq}`);
      h.set('SF-Consumer', consumer);
      h.set('SF-Deliveries', String(msg.info.deliveryCount));
      // Header values cannot carry line breaks (error messages often quote their input).
      h.set(
        'SF-Error',
        String(error instanceof Error ? error.message : error)
          .replace(/[\r\n]+/g, ' ')
          .slice(0, 500),
      );
      await jetstream(this.nats).publish(`${this.config.subjectPrefix}deadletter.${original}`, msg.data, { headers: h });
      // No reason: servers before 2.10.4 ignore a +TERM that carries one.
      msg.term();
      this.deadLettered.inc({ consumer });
      this.logger.error({ consumer, subject: original, deliveries: msg.info.deliveryCount, err: String(error) }, 'event dead-lettered');
    } catch (publishError) {
      // Could not keep it: leave it for redelivery rather than lose it.
      msg.nak(5000);
      this.logger.error({ consumer, err: String(publishError) }, 'dead-letter publish failed');
    }
  }
}
