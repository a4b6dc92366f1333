import { BeforeApplicationShutdown, DynamicModule, Injectable, Module, OnApplicationBootstrap } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import { NatsConnection } from '@nats-io/transport-node';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import { DataSource } from 'typeorm';
import { NATS_CONNECTION } from '@sf/messaging';
import { DomainEvents } from './domain-events';
import { EventConsumers } from './event-consumers';
import { EventsConfig } from './events.config';
import { OutboxRelay } from './outbox-relay';

export interface EventsModuleOptions {
  service: string;
  config: EventsConfig;
  logger: Logger;
  metrics: Registry;
}

@Injectable()
class EventsLifecycle implements OnApplicationBootstrap, BeforeApplicationShutdown {
  constructor(
    private readonly relay: OutboxRelay,
    private readonly consumers: EventConsumers,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.consumers.ensureStreams();
    await this.relay.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.consumers.stop();
    await this.relay.stop();
  }
}

/** A service's outbox, relay and consumers. */
@Module({})
export class EventsModule {
  static forService(options: EventsModuleOptions): DynamicModule {
    return {
      module: EventsModule,
      global: true,
      providers: [
        {
          provide: OutboxRelay,
          useFactory: (dataSource: DataSource, nats: NatsConnection) =>
            new OutboxRelay(
              dataSource,
              nats,
              {
                service: options.service,
                subjectPrefix: options.config.subjectPrefix,
                outboxRetentionDays: options.config.outboxRetentionDays,
              },
              options.logger,
              options.metrics,
            ),
          inject: [getDataSourceToken(), NATS_CONNECTION],
        },
        { provide: DomainEvents, useFactory: (relay: OutboxRelay) => new DomainEvents(relay), inject: [OutboxRelay] },
        {
          provide: EventConsumers,
          useFactory: (dataSource: DataSource, nats: NatsConnection) =>
            new EventConsumers(dataSource, nats, options.config, options.logger, options.metrics),
          inject: [getDataSourceToken(), NATS_CONNECTION],
        },
        EventsLifecycle,
      ],
      exports: [DomainEvents, EventConsumers, OutboxRelay],
    };
  }
}
