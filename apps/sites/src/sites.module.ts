import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { SitesEntitlementsFeed } from '@sf/contracts';
import { serviceDataSourceOptions } from '@sf/database';
import { EntitlementsModule } from '@sf/entitlements';
import { EventsModule } from '@sf/events';
import { NatsModule, ServiceHealthModule } from '@sf/messaging';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import { ComponentProps } from './components/component-props';
import { ComponentsHandler } from './components/components.handler';
import { ComponentsService } from './components/components.service';
import { SITES_SCHEMA } from './database';
import { FormsService } from './forms/forms.service';
import { PagesHandler } from './pages/pages.handler';
import { PagesService } from './pages/pages.service';
import { PublicHandler } from './publishing/public.handler';
import { PublishingService, SITES_LOGGER } from './publishing/publishing.service';
import { SiteObjectStore } from './publishing/site-object-store';
import { Ownership } from './shared/ownership';
import { SitesEvents } from './shared/sites-events';
import { SitesHandler } from './sites/sites.handler';
import { SitesService } from './sites/sites.service';
import { SITES_CONFIG, SitesConfig } from './sites.config';

@Module({})
export class SitesModule {
  static register(config: SitesConfig, metrics: Registry, logger: Logger): DynamicModule {
    return {
      module: SitesModule,
      imports: [
        TypeOrmModule.forRoot(serviceDataSourceOptions(config.database, SITES_SCHEMA.entities, SITES_SCHEMA.migrations)),
        NatsModule.forRoot({
          url: config.common.natsUrl,
          name: 'sites',
          requestTimeoutMs: config.requestTimeoutMs,
          subjectPrefix: config.common.natsSubjectPrefix,
          metrics,
        }),
        ServiceHealthModule.forService('sites', metrics),
        EventsModule.forService({ service: 'sites', databaseUrl: config.database.url, config: config.events, logger, metrics }),
        EntitlementsModule.forService({ consumer: SitesEntitlementsFeed }),
      ],
      controllers: [SitesHandler, PagesHandler, ComponentsHandler, PublicHandler],
      providers: [
        { provide: SITES_CONFIG, useValue: config },
        { provide: SITES_LOGGER, useValue: logger },
        SitesEvents,
        Ownership,
        SiteObjectStore,
        ComponentProps,
        SitesService,
        PagesService,
        ComponentsService,
        PublishingService,
        FormsService,
      ],
    };
  }
}
