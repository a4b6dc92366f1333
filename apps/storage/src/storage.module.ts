import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { serviceDataSourceOptions } from '@sf/database';
import { EventsModule } from '@sf/events';
import { NatsModule, ServiceHealthModule } from '@sf/messaging';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import { STORAGE_CONFIG, StorageConfig } from './storage.config';
import { STORAGE_SCHEMA } from './database';

@Module({})
export class StorageModule {
  static register(config: StorageConfig, metrics: Registry, logger: Logger): DynamicModule {
    return {
      module: StorageModule,
      imports: [
        TypeOrmModule.forRoot(serviceDataSourceOptions(config.database, STORAGE_SCHEMA.entities, STORAGE_SCHEMA.migrations)),
        NatsModule.forRoot({
          url: config.common.natsUrl,
          name: 'storage',
          requestTimeoutMs: config.requestTimeoutMs,
          subjectPrefix: config.common.natsSubjectPrefix,
        }),
        ServiceHealthModule.forService('storage', metrics),
        EventsModule.forService({ service: 'storage', databaseUrl: config.database.url, config: config.events, logger, metrics }),
      ],
      controllers: [],
      providers: [{ provide: STORAGE_CONFIG, useValue: config }],
    };
  }
}
