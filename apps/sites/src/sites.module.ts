import { DynamicModule, Module } from '@nestjs/common';
import { getDataSourceToken, TypeOrmModule } from '@nestjs/typeorm';
import { SitesEntitlementsFeed, SitesGdprFeed } from '@sf/contracts';
import { serviceDataSourceOptions } from '@sf/database';
import { EntitlementsModule } from '@sf/entitlements';
import { EventsModule, gdprParticipant } from '@sf/events';
import { NatsModule, ServiceHealthModule } from '@sf/messaging';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import { ComponentProps } from './components/component-props';
import { ComponentsHandler } from './components/components.handler';
import { ComponentsService } from './components/components.service';
import { SITES_SCHEMA } from './database';
import { FormsHandler } from './forms/forms.handler';
import { FormsService } from './forms/forms.service';
import { sitesGdprData } from './gdpr/gdpr-data';
import { PagesHandler } from './pages/pages.handler';
import { PagesService } from './pages/pages.service';
import { SiteObjectStore } from './objects/site-object-store';
import { PublishingHandler } from './publishing/publishing.handler';
import { PublishingService, SITES_LOGGER } from './publishing/publishing.service';
import { SitesEvents } from './shared/sites-events';
import { Ownership } from './sites/ownership';
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
        EventsModule.forService({ service: 'sites', config: config.events, logger, metrics }),
        EntitlementsModule.forService({ consumer: SitesEntitlementsFeed }),
      ],
      controllers: [SitesHandler, PagesHandler, ComponentsHandler, PublishingHandler, FormsHandler],
      providers: [
        gdprParticipant(SitesGdprFeed, { useFactory: sitesGdprData, inject: [getDataSourceToken(), SiteObjectStore] }),
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
