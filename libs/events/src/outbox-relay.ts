import { jetstream, JetStreamClient } from '@nats-io/jetstream';
import { NatsConnection } from '@nats-io/transport-node';
import type { Logger } from 'pino';
import { Counter, Gauge, Registry } from 'prom-client';
import { DataSource, EntityManager } from 'typeorm';
import { CloudEvent, eventSubject } from './cloud-event';

export interface OutboxRelayOptions {
  service: string;
  subjectPrefix: string;
  batchSize?: number;
  /**
   * How often the relay looks for events nobody woke it for: those another replica committed
   * and did not publish (it died first). Its own commits wake it at once.
   */
  pollIntervalMs?: number;
  /** How long a nudged relay waits for more commits before it publishes (20 ms). */
  nudgeDelayMs?: number;
  outboxRetentionDays?: number;
}

interface PendingRow {
  id: string;
  type: string;
  subject: string;
  data: unknown;
  created_at: Date;
  traceparent: string | null;
}

const MAX_BACKOFF_MS = 5000;
/** How long a nudged relay waits for more commits before it publishes. */
const NUDGE_DELAY_MS = 20;

/**
 * Publishes the service's outbox to JetStream in commit order and marks rows sent. Rows are
 * claimed with `FOR UPDATE SKIP LOCKED`, so replicas never publish the same row at the same time;
 * a relay that dies between publish and mark-sent leaves the row to be published again with the
 * same `Nats-Msg-Id`, which JetStream drops as a duplicate.
 */
export class OutboxRelay {
  private readonly js: JetStreamClient;
  private running = false;
  private wake: (() => void) | null = null;
  /** A commit announced while a batch was running: the next sleep lasts only the nudge delay. */
  private nudged = false;
  private interrupt: (() => void) | null = null;
  private loop: Promise<void> | null = null;
  /** Publishing loops running: 1 while the service runs (0: nothing is published; 2: started twice). */
  private loops = 0;
  private lastPurge = 0;
  private lastWarning = 0;
  readonly published: Counter;

  constructor(
    private readonly dataSource: DataSource,
    private readonly nats: NatsConnection,
    private readonly options: OutboxRelayOptions,
    private readonly logger: Logger,
    metrics: Registry,
  ) {
    this.js = jetstream(nats);
    this.published = new Counter({ name: 'outbox_published_total', help: 'Events the relay published', registers: [metrics] });
    // Read from the outbox at scrape time, so the figures are current.
    const pendingStats = async () =>
      (
        (await this.dataSource.query(
          `SELECT count(*)::int AS pending, COALESCE(EXTRACT(EPOCH FROM now() - min(created_at)), 0)::float AS lag
           FROM outbox WHERE published_at IS NULL`,
        )) as { pending: number; lag: number }[]
      )[0];
    new Gauge({
      name: 'outbox_pending_events',
      help: 'Outbox events not yet published',
      registers: [metrics],
      async collect() {
        this.set((await pendingStats()).pending);
      },
    });
    const loops = () => this.loops;
    new Gauge({
      name: 'outbox_relay_loops',
      help: 'Outbox publishing loops running in this process (1 while it runs)',
      registers: [metrics],
      collect() {
        this.set(loops());
      },
    });
    new Gauge({
      name: 'outbox_lag_seconds',
      help: 'Age of the oldest unpublished outbox event (the relay lag)',
      registers: [metrics],
      async collect() {
        this.set((await pendingStats()).lag);
      },
    });
  }

  async start(): Promise<void> {
    this.running = true;
    this.loops += 1;
    this.loop = this.run().finally(() => (this.loops -= 1));
  }

  async stop(): Promise<void> {
    this.running = false;
    this.interrupt?.();
    await this.loop;
  }

  /**
   * An event of this service was committed: publish without waiting for the poll. Called in the
   * process that committed it, after the commit (`DomainEvents.record`), in place of a NOTIFY:
   * a NOTIFY takes a lock that serialises the commits of every notifying transaction in the
   * database, fsync included.
   */
  nudge(): void {
    if (this.wake) {
      // Commits close together are published in one batch: a batch is a transaction of its own.
      const wake = this.wake;
      this.wake = null;
      setTimeout(wake, this.options.nudgeDelayMs ?? NUDGE_DELAY_MS);
    } else this.nudged = true;
  }

  /**
   * Publishes the given events now and returns once each is published (by this call or by a
   * relay that held it). Used where a reply must not overtake its event.
   */
  async publishNow(ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    const published = await this.dataSource.transaction((manager) =>
      this.publishRows(manager, () =>
        manager.query(
          `SELECT id, type, subject, data, created_at, traceparent FROM outbox
            WHERE id = ANY($1) AND published_at IS NULL ORDER BY position FOR UPDATE`,
          [ids],
        ),
      ),
    );
    this.published.inc(published);
  }

  /** One batch of the oldest pending rows; answers how many were published. */
  async publishBatch(): Promise<number> {
    const published = await this.dataSource.transaction((manager) =>
      this.publishRows(manager, () =>
        manager.query(
          `SELECT id, type, subject, data, created_at, traceparent FROM outbox
            WHERE published_at IS NULL ORDER BY position LIMIT $1 FOR UPDATE SKIP LOCKED`,
          [this.options.batchSize ?? 100],
        ),
      ),
    );
    this.published.inc(published);
    return published;
  }

  private async publishRows(manager: EntityManager, query: () => Promise<PendingRow[]>): Promise<number> {
    const rows = await query();
    if (rows.length === 0) return 0;
    // Published in order on one connection; the acks are awaited together.
    await Promise.all(
      rows.map((row) => {
        const event: CloudEvent = {
          specversion: '1.0',
          id: row.id,
          source: `softfactory/${this.options.service}`,
          type: row.type,
          time: new Date(row.created_at).toISOString(),
          subject: row.subject,
          datacontenttype: 'application/json',
          data: row.data,
          ...(row.traceparent ? { traceparent: row.traceparent } : {}),
        };
        return this.js.publish(this.options.subjectPrefix + eventSubject(this.options.service, row.type), JSON.stringify(event), {
          msgID: row.id,
          timeout: 3000,
        });
      }),
    );
    await this.markSent(
      manager,
      rows.map((r) => r.id),
    );
    return rows.length;
  }

  /** Separate so a test can fail it, as a relay killed right after publishing would. */
  protected async markSent(manager: EntityManager, ids: string[]): Promise<void> {
    await manager.query(`UPDATE outbox SET published_at = now() WHERE id = ANY($1::uuid[])`, [ids]);
  }

  private async run(): Promise<void> {
    let backoff = 0;
    while (this.running) {
      try {
        const published = await this.publishBatch();
        backoff = 0;
        await this.purgeOld();
        if (published >= (this.options.batchSize ?? 100)) continue;
        await this.sleep(this.options.pollIntervalMs ?? 1000);
      } catch (error) {
        backoff = Math.min(MAX_BACKOFF_MS, backoff ? backoff * 2 : 100);
        if (Date.now() - this.lastWarning > 10_000) {
          this.lastWarning = Date.now();
          this.logger.warn({ err: String(error), retry_in_ms: backoff }, 'outbox relay cannot publish; backing off');
        }
        await this.sleep(backoff, false);
      }
    }
  }

  /** Waits `ms`; a nudge ends the wait early when `wakeable`, stop() always does. */
  private sleep(ms: number, wakeable = true): Promise<void> {
    if (wakeable && this.nudged) {
      this.nudged = false;
      ms = this.options.nudgeDelayMs ?? NUDGE_DELAY_MS;
      wakeable = false;
    }
    return new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.interrupt = done;
      if (wakeable) this.wake = done;
      if (!this.running) done();
    }).then(() => {
      this.wake = null;
      this.interrupt = null;
      this.nudged = false;
    });
  }

  private async purgeOld(): Promise<void> {
    if (Date.now() - this.lastPurge < 3_600_000) return;
    this.lastPurge = Date.now();
    await this.dataSource.query(`DELETE FROM outbox WHERE published_at < now() - make_interval(days => $1)`, [
      this.options.outboxRetentionDays ?? 7,
    ]);
    await this.dataSource.query(`DELETE FROM inbox WHERE processed_at < now() - make_interval(days => $1)`, [30]);
  }
}
