import { DynamicModule, INestApplication, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { MicroserviceOptions, NatsOptions, ServerNats } from '@nestjs/microservices';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import { handledSubjects, SERVICES } from '@sf/contracts';
import { runMigrationsWithLock } from '@sf/database';
import { RpcErrorFilter } from '@sf/errors';
import type { Msg, Subscription } from '@nats-io/transport-node';
import {
  DRAIN_STATE,
  DrainState,
  installGracefulShutdown,
  NestPinoLogger,
  runWithLogContext,
  startIdleMemoryTrim,
} from '@sf/observability';
import { context as otelContext } from '@opentelemetry/api';
import { requestContextOf } from './trace-headers';
import type { Logger } from 'pino';

export interface ServiceBootstrapOptions {
  /** Service name; also the NATS queue group, so replicas share the load. */
  name: string;
  module: Type | DynamicModule;
  natsUrl: string;
  natsSubjectPrefix: string;
  /** Side HTTP port for /health/live, /health/ready and /metrics (0 picks a free one). */
  healthPort: number;
  logger: Logger;
  /** Runs after the migrations and before the service takes messages (demo data, a bucket). */
  beforeListen?: (app: INestApplication) => Promise<void>;
  /** SIGTERM: readiness 503 for `delayMs`, then in-flight work gets `graceMs` (CommonConfig). */
  shutdown?: { delayMs: number; graceMs: number };
  /** Hand the memory a load left back once idle (one per process; off where apps share one). */
  idleMemoryTrim?: boolean;
}

/**
 * Nest's NATS server, subscribing each handler's subject under a prefix (empty in production),
 * counting the messages in flight so a drain can wait for their replies.
 */
export class PrefixedServerNats extends ServerNats {
  private inFlight = 0;
  private idle: (() => void) | null = null;
  private stopping: Promise<void> | null = null;

  constructor(
    private readonly prefix: string,
    private readonly natsOptions: NonNullable<NatsOptions['options']>,
    private readonly log?: Logger,
  ) {
    super(natsOptions);
  }

  /**
   * Stops taking requests: each subscription is drained (the server stops routing to this
   * replica; the queue group's other members get the next requests, and messages already on
   * the way are still handled), then waits up to `graceMs` for the replies in flight.
   */
  stopTakingRequests(graceMs: number): Promise<void> {
    this.stopping ??= (async () => {
      const subscriptions = (this as unknown as { subscriptions: Subscription[] }).subscriptions;
      await Promise.all(subscriptions.map((sub) => (sub.isClosed() ? undefined : sub.drain().catch(() => undefined))));
      if (this.inFlight === 0) return;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, graceMs);
        this.idle = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    })();
    return this.stopping;
  }

  override async close(): Promise<void> {
    await this.stopTakingRequests(this.natsOptions.gracePeriod ?? 1000);
    await super.close();
  }

  private track(subject: string, handle: (error: unknown, msg: unknown) => unknown): (error: unknown, msg: unknown) => void {
    return (error, msg) => {
      this.inFlight++;
      const started = process.hrtime.bigint();
      // The handler's log lines carry the request's request_id, user_id and trace_id.
      const request = requestContextOf(subject, (msg as Msg | undefined)?.headers);
      const context = request.log;
      void Promise.resolve(runWithLogContext(context, () => otelContext.with(request.otel, () => handle(error, msg))))
        .catch(() => undefined)
        // The reply is published from an observable that may settle a tick after the handler.
        .then(() => new Promise((resolve) => setImmediate(resolve)))
        .finally(() => {
          // One line per request at debug level (with the request's ids): the service's access log.
          if (this.log?.isLevelEnabled('debug'))
            runWithLogContext(context, () =>
              this.log?.debug({ subject, duration_ms: Number((process.hrtime.bigint() - started) / 100_000n) / 10 }, 'handled'),
            );
          request.span.end();
          this.inFlight--;
          if (this.inFlight === 0) this.idle?.();
        });
    };
  }

  /** Subjects here are plain strings; the base class tries (and fails) to JSON-parse each one. */
  protected override getRouteFromPattern(pattern: string): string {
    return pattern;
  }

  override bindEvents(client: Parameters<ServerNats['bindEvents']>[0]): void {
    // Same as the base class but for the prefix; the base keeps subscriptions for graceful close.
    const subscriptions = (this as unknown as { subscriptions: unknown[] }).subscriptions;
    for (const channel of this.messageHandlers.keys()) {
      const handler = this.messageHandlers.get(channel);
      const queue = (handler?.extras?.queue as string | undefined) ?? this.natsOptions.queue;
      const callback = this.track(channel, this.getMessageHandler(channel).bind(this) as (error: unknown, msg: unknown) => unknown);
      subscriptions.push(client.subscribe(this.prefix + channel, { queue, callback }));
    }
  }
}

/**
 * What is wrong between the subjects a service's handlers answer and those its contract declares:
 * a declared subject nobody answers, or a handler on a subject nobody declared.
 */
export function subjectMismatches(service: string, handled: readonly string[]): string[] {
  const contract = SERVICES.find((s) => s.name === service);
  if (!contract) return [`no contract declares a service named ${service}`];
  const declared = handledSubjects(contract);
  return [
    ...declared.filter((s) => !handled.includes(s)).map((s) => `no handler answers ${s}`),
    ...handled.filter((s) => !declared.includes(s)).map((s) => `a handler answers ${s}, which no declaration names`),
  ];
}

const subjectsByApp = new WeakMap<INestApplication, string[]>();

/** The subjects a started service answers, as it reported them at start. */
export function handledSubjectsOf(app: INestApplication): string[] {
  return subjectsByApp.get(app) ?? [];
}

/** Boots one service: its NATS handlers in a queue group and its health port. */
export async function startService(options: ServiceBootstrapOptions): Promise<NestFastifyApplication> {
  const app = await NestFactory.create<NestFastifyApplication>(options.module, new FastifyAdapter(), {
    logger: new NestPinoLogger(options.logger),
    abortOnError: false,
  });
  const shutdown = options.shutdown ?? { delayMs: 0, graceMs: 10_000 };
  const server = new PrefixedServerNats(
    options.natsSubjectPrefix,
    {
      servers: options.natsUrl.split(','),
      name: `${options.name}-rpc`,
      queue: options.name,
      maxReconnectAttempts: -1,
      reconnectTimeWait: 500,
      // The drain above replaces Nest's own (unsubscribe, then a fixed wait).
      gracefulShutdown: false,
      gracePeriod: shutdown.graceMs,
    },
    options.logger,
  );
  // Deferred, so the filter below is in place before handlers are bound.
  const microservice = app.connectMicroservice<MicroserviceOptions>({ strategy: server }, { deferInitialization: true });
  // Deferred, the microservice would run every module's init and bootstrap hooks when it listens,
  // and the application again when it does: two relays, two consumers, two of every timer. The
  // application's init (below, before any handler listens) runs them, once.
  (microservice as unknown as { setIsInitHookCalled(called: boolean): void }).setIsInitHookCalled(true);
  microservice.useGlobalFilters(new RpcErrorFilter());
  // Requests first (replies in flight still need the database and the relay), then Nest's hooks:
  // consumers, relay, NATS, Postgres.
  installGracefulShutdown(app, {
    drain: app.get<DrainState>(DRAIN_STATE, { strict: false }),
    logger: options.logger,
    delayMs: shutdown.delayMs,
    graceMs: shutdown.graceMs,
    beforeClose: () => server.stopTakingRequests(shutdown.graceMs),
  });
  // Every service owns the schema of its name: migrations run under the advisory lock first.
  const applied = await runMigrationsWithLock(app.get(DataSource), options.name);
  if (applied.length) options.logger.info({ migrations: applied }, 'migrations applied');
  await options.beforeListen?.(app);
  await app.init();
  await app.startAllMicroservices();
  // Each service reports what it answers; one that answers other than its contract does not start.
  const subjects = [...server.getHandlers().keys()].sort();
  const mismatches = subjectMismatches(options.name, subjects);
  if (mismatches.length) {
    await app.close();
    throw new Error(`${options.name} does not answer what its contract declares: ${mismatches.join('; ')}`);
  }
  subjectsByApp.set(app, subjects);
  options.logger.debug({ subjects }, 'answering subjects');
  await app.listen({ port: options.healthPort, host: '0.0.0.0' });
  if (options.idleMemoryTrim ?? true) startIdleMemoryTrim(options.logger);
  return app;
}
