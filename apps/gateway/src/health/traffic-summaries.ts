import { jetstream } from '@nats-io/jetstream';
import { NatsConnection } from '@nats-io/transport-node';
import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { CloudEvent, EndpointDefinition, eventSubject, TrafficServiceSummary, TrafficSummarizedData } from '@sf/contracts';
import { EventsConfig } from '@sf/events/streams';

const MINUTE_MS = 60_000;
const FLUSH_EVERY_MS = 10_000;

/**
 * Counts the gateway's API requests per minute and per answering service, and publishes each
 * whole minute as `traffic.summarized` (admin's health metrics read them). Straight to the stream,
 * with the event id as `Nats-Msg-Id`: the gateway has no database for an outbox, and a lost
 * summary is a gap in a chart. Minutes without API traffic publish nothing.
 */
export class TrafficSummaries {
  private readonly serviceOfRoute = new Map<string, string>();
  private readonly minutes = new Map<number, Map<string, TrafficServiceSummary>>();
  private readonly instance = `${hostname()}:${process.pid}`;
  private timer: NodeJS.Timeout | null = null;
  private publish: ((data: TrafficSummarizedData) => Promise<void>) | null = null;

  constructor(endpoints: readonly EndpointDefinition<unknown, unknown, unknown>[]) {
    for (const endpoint of endpoints) {
      const service = endpoint.subject.split('.')[0];
      for (const path of [endpoint.path, ...(endpoint.aliases ?? []).map((a) => a.path)]) this.serviceOfRoute.set(path, service);
    }
  }

  /** One answered request: its route pattern (Fastify's), status and duration. */
  observe(route: string | undefined, status: number, durationMs: number, at = Date.now()): void {
    if (!route || !route.startsWith('/api/')) return; // health probes and metrics scrapes are not API traffic
    const minute = Math.floor(at / MINUTE_MS) * MINUTE_MS;
    const service = this.serviceOfRoute.get(route) ?? 'gateway';
    let services = this.minutes.get(minute);
    if (!services) this.minutes.set(minute, (services = new Map()));
    let entry = services.get(service);
    if (!entry) services.set(service, (entry = { service, requests: 0, errors: 0, client_errors: 0, duration_ms_sum: 0 }));
    entry.requests += 1;
    if (status >= 500) entry.errors += 1;
    else if (status >= 400) entry.client_errors += 1;
    entry.duration_ms_sum = Math.round((entry.duration_ms_sum + durationMs) * 1000) / 1000;
  }

  /** Starts publishing whole minutes every few seconds. */
  start(nats: NatsConnection, events: EventsConfig, logger: Logger): void {
    const subject = events.subjectPrefix + eventSubject('gateway', 'traffic.summarized');
    const js = jetstream(nats);
    this.publish = async (data) => {
      const event: CloudEvent<TrafficSummarizedData> = {
        specversion: '1.0',
        id: randomUUID(),
        source: 'softfactory/gateway',
        type: 'traffic.summarized',
        time: new Date().toISOString(),
        subject: this.instance,
        datacontenttype: 'application/json',
        data,
      };
      try {
        await js.publish(subject, JSON.stringify(event), { msgID: event.id });
      } catch (error) {
        logger.warn({ err: String(error), minute: data.minute }, 'traffic summary not published');
      }
    };
    this.timer = setInterval(() => void this.flush(false), FLUSH_EVERY_MS).unref();
  }

  /** Publishes the minutes that are over (`all`: the current one too, at shutdown). */
  async flush(all: boolean): Promise<void> {
    if (!this.publish) return;
    const current = Math.floor(Date.now() / MINUTE_MS) * MINUTE_MS;
    for (const [minute, services] of [...this.minutes]) {
      if (!all && minute >= current) continue;
      this.minutes.delete(minute);
      await this.publish({ instance: this.instance, minute: new Date(minute).toISOString(), services: [...services.values()] });
    }
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.flush(true);
    this.publish = null;
  }
}
