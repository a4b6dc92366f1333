/**
 * Helpers for the events specs only (outbox-relay.spec.ts, event-consumers.spec.ts): a throw-away
 * database, stream readers, metric readers and a dedicated nats-server process. No Jest globals
 * here, so this file type-checks with the build's types too.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { createServer, AddressInfo } from 'node:net';
import { jetstream } from '@nats-io/jetstream';
import { headers as natsHeaders, MsgHdrs, NatsConnection } from '@nats-io/transport-node';
import pino, { Logger } from 'pino';
import { Registry } from 'prom-client';
import { DataSource } from 'typeorm';
import { DEFAULT_DATABASE_URL, DEFAULT_NATS_URL } from '@sf/config';
import { dropDatabase, provisionDatabase, roleUrl, serviceDataSourceOptions } from '@sf/database';
import { CloudEvent, eventSubject } from '../cloud-event';
import { EventsConfig } from '../events.config';
import { EVENT_ENTITIES } from '../outbox.entity';

/** The service (role, schema and event source) the specs play. */
export const TEST_SERVICE = 'evtest';

export const NATS_URL = process.env.NATS_URL ?? DEFAULT_NATS_URL;

export function randomHex(bytes = 4): string {
  return randomBytes(bytes).toString('hex');
}

/** Stream settings for one spec file: its own subject prefix, so its streams are its own. */
export function testEventsConfig(subjectPrefix = `ev${randomHex()}.`): EventsConfig {
  return { subjectPrefix, duplicateWindowSeconds: 120, maxAgeHours: 2, maxBytes: 8 * 1024 * 1024, outboxRetentionDays: 7 };
}

/** `<prefix>events.evtest.<type>`: where the relay publishes an event of `type`. */
export function publishedSubject(config: EventsConfig, type: string): string {
  return config.subjectPrefix + eventSubject(TEST_SERVICE, type);
}

/** `<prefix>deadletter.events.evtest.<type>`: where a consumer dead-letters it. */
export function deadLetterSubject(config: EventsConfig, type: string): string {
  return `${config.subjectPrefix}deadletter.${eventSubject(TEST_SERVICE, type)}`;
}

export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}

/** A logger whose warnings and errors the test can read back (parsed JSON lines). */
export function capturingLogger(): { logger: Logger; entries: { level: number; msg: string; [key: string]: unknown }[] } {
  const entries: { level: number; msg: string; [key: string]: unknown }[] = [];
  const logger = pino({ level: 'warn' }, { write: (line: string) => void entries.push(JSON.parse(line)) });
  return { logger, entries };
}

/**
 * A throw-away database provisioned like production (`sf_evtest_<random>`, role and schema
 * `evtest`), with the outbox and inbox tables synchronised from the entities (specs only).
 */
export class EventsTestDatabase {
  private readonly sources: DataSource[] = [];

  private constructor(readonly adminUrl: string) {}

  static async create(): Promise<EventsTestDatabase> {
    const admin = new URL(process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL);
    admin.pathname = `/sf_evtest_${Date.now().toString(36)}_${randomHex(3)}`;
    await provisionDatabase(admin.toString(), [{ name: TEST_SERVICE, password: TEST_SERVICE }]);
    return new EventsTestDatabase(admin.toString());
  }

  /** The service role's URL (what the relay LISTENs with). */
  get url(): string {
    return roleUrl(this.adminUrl, TEST_SERVICE, TEST_SERVICE);
  }

  /** A new, initialised DataSource on the service role; the first one also creates the tables. */
  async dataSource(poolSize = 5): Promise<DataSource> {
    const source = new DataSource(serviceDataSourceOptions({ url: this.url, schema: TEST_SERVICE, poolSize }, EVENT_ENTITIES, []));
    await source.initialize();
    if (this.sources.length === 0) await source.synchronize();
    this.sources.push(source);
    return source;
  }

  async close(): Promise<void> {
    for (const source of this.sources.splice(0)) if (source.isInitialized) await source.destroy().catch(() => undefined);
    await dropDatabase(this.adminUrl);
  }
}

/** One message as stored in a stream. */
export interface StoredMessage {
  seq: number;
  subject: string;
  data: Uint8Array;
  text: string;
  headers: MsgHdrs | undefined;
}

/** Every message currently in `stream` on `subject`, in stream order (an ordered consumer). */
export async function readSubject(nc: NatsConnection, stream: string, subject: string): Promise<StoredMessage[]> {
  const consumer = await jetstream(nc).consumers.get(stream, { filter_subjects: subject });
  const pending = (await consumer.info(true)).num_pending;
  const out: StoredMessage[] = [];
  if (pending > 0) {
    const batch = await consumer.fetch({ max_messages: pending, expires: 5000 });
    for await (const m of batch) {
      out.push({ seq: m.seq, subject: m.subject, data: m.data, text: m.string(), headers: m.headers });
      if (out.length >= pending) break;
    }
  }
  await consumer.delete().catch(() => undefined);
  return out;
}

/** The CloudEvents in `stream` on `subject`, with the `Nats-Msg-Id` each was published with. */
export async function readEvents(
  nc: NatsConnection,
  stream: string,
  subject: string,
): Promise<{ seq: number; msgId: string; event: CloudEvent }[]> {
  return (await readSubject(nc, stream, subject)).map((m) => ({
    seq: m.seq,
    msgId: m.headers?.get('Nats-Msg-Id') ?? '',
    event: JSON.parse(m.text) as CloudEvent,
  }));
}

/** A CloudEvent as the relay of `evtest` would publish it. */
export function cloudEvent<T>(type: string, data: T, id: string = randomUUID()): CloudEvent<T> {
  return {
    specversion: '1.0',
    id,
    source: `softfactory/${TEST_SERVICE}`,
    type,
    time: new Date().toISOString(),
    subject: `subject-${randomHex(2)}`,
    datacontenttype: 'application/json',
    data,
  };
}

/** Publishes raw bytes or a CloudEvent on `subject` with the given `Nats-Msg-Id`; answers the stream sequence. */
export async function publishRaw(nc: NatsConnection, subject: string, payload: string | CloudEvent, msgId: string): Promise<number> {
  const h = natsHeaders();
  h.set('Nats-Msg-Id', msgId);
  const ack = await jetstream(nc).publish(subject, typeof payload === 'string' ? payload : JSON.stringify(payload), { headers: h });
  return ack.seq;
}

/**
 * The value of a metric from its exposition text (`getSingleMetricAsString`), optionally the
 * series with the given labels; undefined when the series does not exist (yet).
 */
export async function metricValue(registry: Registry, name: string, labels: Record<string, string> = {}): Promise<number | undefined> {
  const text = await registry.getSingleMetricAsString(name);
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const match = /^([^\s{]+)(?:\{([^}]*)\})?\s+(\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const seriesLabels = Object.fromEntries(
      (match[2] ?? '')
        .split(',')
        .filter(Boolean)
        .map((pair) => {
          const [key, value] = pair.split('=');
          return [key, JSON.parse(value) as string];
        }),
    );
    if (Object.entries(labels).every(([key, value]) => seriesLabels[key] === value)) return Number(match[3]);
  }
  return undefined;
}

/** A free TCP port on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** A dedicated nats-server with JetStream on a fixed port and store directory, to stop and restart. */
export class NatsServerProcess {
  private child: ChildProcess | null = null;

  constructor(
    readonly port: number,
    readonly storeDir: string,
    private readonly binary = '/usr/sbin/nats-server',
  ) {}

  get url(): string {
    return `nats://127.0.0.1:${this.port}`;
  }

  /** Starts the server and resolves once it logs that it is ready (JetStream recovered, port open). */
  async start(): Promise<void> {
    if (this.child) throw new Error('nats-server already running');
    const child = spawn(this.binary, ['-js', '-a', '127.0.0.1', '-p', String(this.port), '-sd', this.storeDir], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    this.child = child;
    child.once('exit', () => {
      if (this.child === child) this.child = null;
    });
    let log = '';
    await new Promise<void>((resolve, reject) => {
      const onData = (chunk: Buffer) => {
        if (log.length < 20_000) log += chunk.toString();
        if (log.includes('Server is ready')) {
          child.off('exit', onExit);
          resolve();
        }
      };
      const onExit = (code: number | null) => reject(new Error(`nats-server exited with ${code} before it was ready:\n${log}`));
      child.stderr?.on('data', onData);
      child.once('exit', onExit);
      child.once('error', reject);
    });
  }

  /** SIGTERM, and waits for the process to exit. */
  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = once(child, 'exit');
    child.kill('SIGTERM');
    await exited;
  }
}
