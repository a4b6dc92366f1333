import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { serviceDataSourceOptions } from '@sf/database';
import { EventsModule } from '@sf/events';
import { NatsModule, ServiceHealthModule } from '@sf/messaging';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import { PAYMENT_CONFIG, PaymentConfig } from './payment.config';
import { PAYMENT_SCHEMA } from './database';

@Module({})
export class PaymentModule {
  static register(config: PaymentConfig, metrics: Registry, logger: Logger): DynamicModule {
    return {
      module: PaymentModule,
      imports: [
        TypeOrmModule.forRoot(serviceDataSourceOptions(config.database, PAYMENT_SCHEMA.entities, PAYMENT_SCHEMA.migrations)),
        NatsModule.forRoot({
          url: config.common.natsUrl,
          name: 'payment',
          requestTimeoutMs: config.requestTimeoutMs,
          subjectPrefix: config.common.natsSubjectPrefix,
        }),
        ServiceHealthModule.forService('payment', metrics),
        EventsModule.forService({ service: 'payment', databaseUrl: config.database.url, config: config.events, logger, metrics }),
      ],
      controllers: [],
      providers: [{ provide: PAYMENT_CONFIG, useValue: config }],
    };
  }
}
