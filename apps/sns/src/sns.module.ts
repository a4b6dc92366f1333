import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { serviceDataSourceOptions } from '@sf/database';
import { SnsEntitlementsFeed, SnsGdprFeed } from '@sf/contracts';
import { EntitlementsModule } from '@sf/entitlements';
import { EventsModule, gdprParticipant } from '@sf/events';
import { JobsModule } from '@sf/jobs';
import { AiProvider } from '@sf/ai';
import { NatsModule, ServiceHealthModule } from '@sf/messaging';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import { AccountsHandler } from './accounts/accounts.handler';
import { AccountsService } from './accounts/accounts.service';
import { AiHandler } from './ai/ai.handler';
import { AI_PROVIDER, AiService } from './ai/ai.service';
import { EngagementByHour } from './ai/engagement-by-hour';
import { AnalyticsHandler } from './analytics/analytics.handler';
import { AnalyticsService } from './analytics/analytics.service';
import { MetricsPoller } from './analytics/metrics-poller';
import { AutomationsHandler } from './automations/automations.handler';
import { AutomationsService } from './automations/automations.service';
import { CampaignsHandler } from './campaigns/campaigns.handler';
import { CampaignsService } from './campaigns/campaigns.service';
import { SNS_SCHEMA } from './database';
import { FilesConsumer } from './files/files.consumer';
import { CompetitorsService } from './insights/competitors.service';
import { InsightsHandler } from './insights/insights.handler';
import { TrendsService } from './insights/trends.service';
import { LinksHandler } from './links/links.handler';
import { LinksService } from './links/links.service';
import { PlatformAdapters } from './platforms/platform-adapters';
import { EngagementService } from './posts/engagement.service';
import { PostsHandler } from './posts/posts.handler';
import { PostModerationConsumer } from './posts/post-moderation.consumer';
import { PostsService } from './posts/posts.service';
import { PublishQueue } from './posts/publish-queue';
import { PublishingService } from './posts/publishing.service';
import { SettingsHandler } from './settings/settings.handler';
import { SettingsService } from './settings/settings.service';
import { SnsEventLog } from './shared/sns-events';
import { TokenCipher } from './shared/token-cipher';
import { SNS_CONFIG, SnsConfig } from './sns.config';
import { UserDeletedConsumer } from './users/user-deleted.consumer';
import { SNS_GDPR_DATA } from './gdpr/gdpr-data';

@Module({})
export class SnsModule {
  static register(config: SnsConfig, metrics: Registry, logger: Logger): DynamicModule {
    return {
      module: SnsModule,
      imports: [
        TypeOrmModule.forRoot(serviceDataSourceOptions(config.database, SNS_SCHEMA.entities, SNS_SCHEMA.migrations)),
        NatsModule.forRoot({
          url: config.common.natsUrl,
          name: 'sns',
          requestTimeoutMs: config.requestTimeoutMs,
          subjectPrefix: config.common.natsSubjectPrefix,
          metrics,
        }),
        ServiceHealthModule.forService('sns', metrics),
        EventsModule.forService({ service: 'sns', config: config.events, logger, metrics }),
        EntitlementsModule.forService({ consumer: SnsEntitlementsFeed }),
        JobsModule.forService({
          service: 'sns',
          databaseUrl: config.database.url,
          logger,
          metrics,
          pollIntervalMs: config.common.jobsPollIntervalMs,
          poolSize: config.common.jobsPoolSize,
        }),
      ],
      controllers: [
        AccountsHandler,
        PostsHandler,
        SettingsHandler,
        LinksHandler,
        AnalyticsHandler,
        AiHandler,
        CampaignsHandler,
        AutomationsHandler,
        InsightsHandler,
      ],
      providers: [
        gdprParticipant(SnsGdprFeed, SNS_GDPR_DATA),
        { provide: SNS_CONFIG, useValue: config },
        SnsEventLog,
        TokenCipher,
        PlatformAdapters,
        AccountsService,
        SettingsService,
        PostsService,
        PostModerationConsumer,
        PublishQueue,
        PublishingService,
        EngagementService,
        LinksService,
        MetricsPoller,
        AnalyticsService,
        { provide: AI_PROVIDER, useValue: new AiProvider(config.ai) },
        EngagementByHour,
        AiService,
        CampaignsService,
        AutomationsService,
        TrendsService,
        CompetitorsService,
        FilesConsumer,
        UserDeletedConsumer,
      ],
    };
  }
}
