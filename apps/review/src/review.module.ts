import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ReviewEntitlementsFeed, ReviewGdprFeed } from '@sf/contracts';
import { serviceDataSourceOptions } from '@sf/database';
import { EntitlementsModule } from '@sf/entitlements';
import { EventsModule, gdprParticipant } from '@sf/events';
import { JobsModule } from '@sf/jobs';
import { NatsModule, ServiceHealthModule } from '@sf/messaging';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import { AnalyticsHandler } from './analytics/analytics.handler';
import { AnalyticsService } from './analytics/analytics.service';
import { AutoApplyHandler } from './auto-apply/auto-apply.handler';
import { AutoApplyService } from './auto-apply/auto-apply.service';
import { AccountVerification } from './accounts/account-verification';
import { AccountsHandler } from './accounts/accounts.handler';
import { AccountsService } from './accounts/accounts.service';
import { TokenCipher } from './accounts/token-cipher';
import { ApplicationLifecycleService } from './applications/application-lifecycle.service';
import { ApplicationsHandler } from './applications/applications.handler';
import { ApplicationsService } from './applications/applications.service';
import { CampaignsHandler } from './campaigns/campaigns.handler';
import { CampaignsService } from './campaigns/campaigns.service';
import { CampaignModerationConsumer } from './campaigns/campaign-moderation.consumer';
import { REVIEW_SCHEMA } from './database';
import { ListingsHandler } from './listings/listings.handler';
import { ListingsService } from './listings/listings.service';
import { ScraperService } from './listings/scraper.service';
import { REVIEW_CONFIG, ReviewConfig } from './review.config';
import { RewardsRecorder } from './rewards/rewards-recorder';
import { RewardsHandler } from './rewards/rewards.handler';
import { RewardsService } from './rewards/rewards.service';
import { ReviewEvents } from './shared/review-events';
import { SOURCE_PROVIDERS } from './sources/sources';
import { UserDirectory } from './users/user-directory';
import { REVIEW_GDPR_DATA } from './gdpr/gdpr-data';

@Module({})
export class ReviewModule {
  static register(config: ReviewConfig, metrics: Registry, logger: Logger): DynamicModule {
    return {
      module: ReviewModule,
      imports: [
        TypeOrmModule.forRoot(serviceDataSourceOptions(config.database, REVIEW_SCHEMA.entities, REVIEW_SCHEMA.migrations)),
        NatsModule.forRoot({
          url: config.common.natsUrl,
          name: 'review',
          requestTimeoutMs: config.requestTimeoutMs,
          subjectPrefix: config.common.natsSubjectPrefix,
          metrics,
        }),
        ServiceHealthModule.forService('review', metrics),
        EventsModule.forService({ service: 'review', config: config.events, logger, metrics }),
        EntitlementsModule.forService({ consumer: ReviewEntitlementsFeed }),
        JobsModule.forService({
          service: 'review',
          databaseUrl: config.database.url,
          logger,
          metrics,
          pollIntervalMs: config.common.jobsPollIntervalMs,
          poolSize: config.common.jobsPoolSize,
        }),
      ],
      controllers: [
        ListingsHandler,
        AccountsHandler,
        ApplicationsHandler,
        CampaignsHandler,
        AutoApplyHandler,
        RewardsHandler,
        AnalyticsHandler,
      ],
      providers: [
        gdprParticipant(ReviewGdprFeed, REVIEW_GDPR_DATA),
        { provide: REVIEW_CONFIG, useValue: config },
        ...SOURCE_PROVIDERS,
        ReviewEvents,
        TokenCipher,
        AccountVerification,
        AccountsService,
        ListingsService,
        ScraperService,
        CampaignsService,
        CampaignModerationConsumer,
        ApplicationsService,
        ApplicationLifecycleService,
        RewardsRecorder,
        RewardsService,
        AutoApplyService,
        AnalyticsService,
        UserDirectory,
      ],
    };
  }
}
