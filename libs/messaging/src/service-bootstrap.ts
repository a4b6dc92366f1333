import { DynamicModule, INestApplication, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { MicroserviceOptions, NatsOptions, ServerNats } from '@nestjs/microservices';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
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

/** Boots one service: its NATS handlers in a queue group and its health port. */
export async function startService(options: ServiceBootstrapOptions): Promise<NestFastifyApplication> {
  const app = await NestFactory.create<NestFastifyApplication>(options.module, new FastifyAdapter(), {
    logger: new NestPinoLogger(options.logger),
    abortOnError: false,
  });
  const microservice = app.connectMicroservice<MicroserviceOptions>(
    {
      strategy: new PrefixedServerNats(options.natsSubjectPrefix, {
        servers: options.natsUrl.split(','),
        name: `${options.name}-rpc`,
        queue: options.name,
        maxReconnectAttempts: -1,
        reconnectTimeWait: 500,
        gracefulShutdown: true,
        gracePeriod: 1000,
      }),
    },
    { deferInitialization: true },
  ); // so the filter below is in place before handlers are bound
  microservice.useGlobalFilters(new RpcErrorFilter());
  app.enableShutdownHooks();
  // Every service owns the schema of its name: migrations run under the advisory lock first.
  const applied = await runMigrationsWithLock(app.get(DataSource), options.name);
  if (applied.length) options.logger.info({ migrations: applied }, 'migrations applied');
  await options.beforeListen?.(app);
  await app.startAllMicroservices();
  await app.listen({ port: options.healthPort, host: '0.0.0.0' });
  return app;
}
