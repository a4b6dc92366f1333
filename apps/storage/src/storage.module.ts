import { StorageGdprFeed } from '@sf/contracts';
import { DynamicModule, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { serviceDataSourceOptions } from '@sf/database';
import { EventsModule, gdprParticipant } from '@sf/events';
import { NatsModule, ServiceHealthModule } from '@sf/messaging';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import { STORAGE_SCHEMA } from './database';
import { StorageEventLog } from './events/storage-event-log';
import { FileRemoval } from './files/file-removal.service';
import { FileViews } from './files/file-views';
import { FilesHandler } from './files/files.handler';
import { FilesService } from './files/files.service';
import { QuotaService } from './quota/quota.service';
import { ObjectStore } from './s3/object-store';
import { STORAGE_CONFIG, StorageConfig } from './storage.config';
import { STORAGE_LOGGER } from './storage.tokens';
import { Sweeper } from './sweeper/sweeper.service';
import { ThumbnailsConsumer } from './thumbnails/thumbnails.consumer';
import { FileAdmission } from './uploads/file-admission.service';
import { UploadsHandler } from './uploads/uploads.handler';
import { UploadsService } from './uploads/uploads.service';
import { storageGdprData } from './gdpr/gdpr-data';
import { GdprPartsHandler } from './gdpr/gdpr-parts.handler';

class ObjectStoreCloser implements OnApplicationShutdown {
  constructor(@Inject(ObjectStore) private readonly store: ObjectStore) {}
  onApplicationShutdown(): void {
    this.store.close();
  }
}

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
          metrics,
        }),
        ServiceHealthModule.forService('storage', metrics),
        EventsModule.forService({ service: 'storage', config: config.events, logger, metrics }),
      ],
      controllers: [FilesHandler, UploadsHandler, GdprPartsHandler],
      providers: [
        gdprParticipant(StorageGdprFeed, { useFactory: storageGdprData, inject: [ObjectStore] }),
        { provide: STORAGE_CONFIG, useValue: config },
        { provide: STORAGE_LOGGER, useValue: logger },
        { provide: ObjectStore, useFactory: () => new ObjectStore(config.s3) },
        ObjectStoreCloser,
        QuotaService,
        FileViews,
        StorageEventLog,
        FileRemoval,
        FilesService,
        FileAdmission,
        UploadsService,
        ThumbnailsConsumer,
        Sweeper,
      ],
    };
  }
}
