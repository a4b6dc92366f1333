import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { PlatformEntitlementsFeed, PlatformGdprFeed } from '@sf/contracts';
import { serviceDataSourceOptions } from '@sf/database';
import { EntitlementsModule } from '@sf/entitlements';
import { EventsModule, gdprParticipant } from '@sf/events';
import { JobsModule } from '@sf/jobs';
import { NatsModule, ServiceHealthModule } from '@sf/messaging';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import type { DataSourceOptions } from 'typeorm';
import { DashboardProjections } from './dashboard/dashboard-projections';
import { DashboardHandler } from './dashboard/dashboard.handler';
import { DashboardService } from './dashboard/dashboard.service';
import { PLATFORM_SCHEMA } from './database';
import { PlatformEventLog } from './events/platform-event-log';
import { I18nHandler } from './i18n/i18n.handler';
import { I18nService } from './i18n/i18n.service';
import { PLATFORM_CONFIG, PlatformConfig } from './platform.config';
import { PLATFORM_LOGGER } from './platform.tokens';
import { SavedSearchesService } from './search/saved-searches.service';
import { SearchLogRetention } from './search/search-log-retention';
import { SearchIndex } from './search/search-index';
import { SearchHandler } from './search/search.handler';
import { SearchService } from './search/search.service';
import { TrendingService } from './search/trending.service';
import { WORD_SIMILARITY } from './search/search.service';
import { PLATFORM_GDPR_DATA } from './gdpr/gdpr-data';

/**
 * The service's data source: every session matches words by trigram similarity at the threshold
 * search is tuned for (`<%`), so a search needs no transaction to set it.
 */
function platformDataSourceOptions(config: PlatformConfig): DataSourceOptions {
  const options = serviceDataSourceOptions(config.database, PLATFORM_SCHEMA.entities, PLATFORM_SCHEMA.migrations);
  const extra = (options.extra ?? {}) as { options?: string };
  const threshold = `-c pg_trgm.word_similarity_threshold=${WORD_SIMILARITY}`;
  return { ...options, extra: { ...extra, options: `${extra.options ?? ''} ${threshold}`.trim() } } as DataSourceOptions;
}

@Module({})
export class PlatformModule {
  static register(config: PlatformConfig, metrics: Registry, logger: Logger): DynamicModule {
    return {
      module: PlatformModule,
      imports: [
        TypeOrmModule.forRoot(platformDataSourceOptions(config)),
        NatsModule.forRoot({
          url: config.common.natsUrl,
          name: 'platform',
          requestTimeoutMs: config.requestTimeoutMs,
          subjectPrefix: config.common.natsSubjectPrefix,
          metrics,
        }),
        ServiceHealthModule.forService('platform', metrics),
        EventsModule.forService({ service: 'platform', config: config.events, logger, metrics }),
        EntitlementsModule.forService({ consumer: PlatformEntitlementsFeed }),
        JobsModule.forService({
          service: 'platform',
          databaseUrl: config.database.url,
          logger,
          metrics,
          pollIntervalMs: config.common.jobsPollIntervalMs,
          poolSize: config.common.jobsPoolSize,
        }),
      ],
      controllers: [DashboardHandler, SearchHandler, I18nHandler],
      providers: [
        gdprParticipant(PlatformGdprFeed, PLATFORM_GDPR_DATA),
        { provide: PLATFORM_CONFIG, useValue: config },
        { provide: PLATFORM_LOGGER, useValue: logger },
        SearchLogRetention,
        DashboardService,
        DashboardProjections,
        SearchIndex,
        SearchService,
        SavedSearchesService,
        TrendingService,
        PlatformEventLog,
        I18nService,
      ],
    };
  }
}
