import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { serviceDataSourceOptions } from '@sf/database';
import { EventsModule } from '@sf/events';
import { NatsModule, ServiceHealthModule } from '@sf/messaging';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import { COOCOOK_CONFIG, CoocookConfig } from './coocook.config';
import { COOCOOK_SCHEMA } from './database';

@Module({})
export class CoocookModule {
  static register(config: CoocookConfig, metrics: Registry, logger: Logger): DynamicModule {
    return {
      module: CoocookModule,
      imports: [
        TypeOrmModule.forRoot(serviceDataSourceOptions(config.database, COOCOOK_SCHEMA.entities, COOCOOK_SCHEMA.migrations)),
        NatsModule.forRoot({
          url: config.common.natsUrl,
          name: 'coocook',
          requestTimeoutMs: config.requestTimeoutMs,
          subjectPrefix: config.common.natsSubjectPrefix,
        }),
        ServiceHealthModule.forService('coocook', metrics),
        EventsModule.forService({ service: 'coocook', databaseUrl: config.database.url, config: config.events, logger, metrics }),
      ],
      controllers: [],
      providers: [{ provide: COOCOOK_CONFIG, useValue: config }],
    };
  }
}
