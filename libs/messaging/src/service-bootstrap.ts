import { DynamicModule, INestApplication, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { MicroserviceOptions, NatsOptions, ServerNats } from '@nestjs/microservices';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import { handledSubjects, SERVICES } from '@sf/contracts';
import { runMigrationsWithLock } from '@sf/database';
import { RpcErrorFilter } from '@sf/errors';
import { NestPinoLogger } from '@sf/observability';
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
}

/** Nest's NATS server, subscribing each handler's subject under a prefix (empty in production). */
class PrefixedServerNats extends ServerNats {
  constructor(
    private readonly prefix: string,
    private readonly natsOptions: NonNullable<NatsOptions['options']>,
  ) {
    super(natsOptions);
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
      subscriptions.push(client.subscribe(this.prefix + channel, { queue, callback: this.getMessageHandler(channel).bind(this) }));
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
  const server = new PrefixedServerNats(options.natsSubjectPrefix, {
    servers: options.natsUrl.split(','),
    name: `${options.name}-rpc`,
    queue: options.name,
    maxReconnectAttempts: -1,
    reconnectTimeWait: 500,
    gracefulShutdown: true,
    gracePeriod: 1000,
  });
  // Deferred, so the filter below is in place before handlers are bound.
  const microservice = app.connectMicroservice<MicroserviceOptions>({ strategy: server }, { deferInitialization: true });
  microservice.useGlobalFilters(new RpcErrorFilter());
  app.enableShutdownHooks();
  // Every service owns the schema of its name: migrations run under the advisory lock first.
  const applied = await runMigrationsWithLock(app.get(DataSource), options.name);
  if (applied.length) options.logger.info({ migrations: applied }, 'migrations applied');
  await options.beforeListen?.(app);
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
  return app;
}
