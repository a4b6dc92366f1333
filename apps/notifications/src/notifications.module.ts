import { NotificationsGdprFeed } from '@sf/contracts';
import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { serviceDataSourceOptions } from '@sf/database';
import { EventsModule, gdprParticipant } from '@sf/events';
import { JobsModule } from '@sf/jobs';
import { NatsModule, ServiceHealthModule } from '@sf/messaging';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import { ChatHandler } from './chat/chat.handler';
import { ChatService } from './chat/chat.service';
import { NOTIFICATIONS_SCHEMA } from './database';
import { NotificationsEventLog } from './events/notifications-event-log';
import { AuthFeedConsumer } from './feeds/auth-feed.consumer';
import { BookingFeedConsumer } from './feeds/booking-feed.consumer';
import { PaymentFeedConsumer } from './feeds/payment-feed.consumer';
import { AutomationFeedConsumer } from './feeds/automation-feed.consumer';
import { ReviewFeedConsumer } from './feeds/review-feed.consumer';
import { SnsFeedConsumer } from './feeds/sns-feed.consumer';
import { InboxHandler } from './inbox/inbox.handler';
import { InboxService } from './inbox/inbox.service';
import { AccountMail } from './mail/account-mail.service';
import { Mailer } from './mail/mailer';
import { NOTIFICATIONS_CONFIG, NotificationsConfig } from './notifications.config';
import { NOTIFICATIONS_LOGGER } from './notifications.tokens';
import { PreferencesHandler } from './preferences/preferences.handler';
import { PreferencesService } from './preferences/preferences.service';
import { PushPublisher } from './pushes/push-publisher';
import { WebhookDeliveries } from './webhooks/webhook-deliveries.service';
import { WebhooksHandler } from './webhooks/webhooks.handler';
import { WebhooksService } from './webhooks/webhooks.service';
import { GdprExportFeedConsumer } from './feeds/gdpr-export-feed.consumer';
import { NOTIFICATIONS_GDPR_DATA } from './gdpr/gdpr-data';

@Module({})
export class NotificationsModule {
  static register(config: NotificationsConfig, metrics: Registry, logger: Logger): DynamicModule {
    return {
      module: NotificationsModule,
      imports: [
        TypeOrmModule.forRoot(serviceDataSourceOptions(config.database, NOTIFICATIONS_SCHEMA.entities, NOTIFICATIONS_SCHEMA.migrations)),
        NatsModule.forRoot({
          url: config.common.natsUrl,
          name: 'notifications',
          requestTimeoutMs: config.requestTimeoutMs,
          subjectPrefix: config.common.natsSubjectPrefix,
          metrics,
        }),
        ServiceHealthModule.forService('notifications', metrics),
        EventsModule.forService({ service: 'notifications', config: config.events, logger, metrics }),
        JobsModule.forService({
          service: 'notifications',
          databaseUrl: config.database.url,
          logger,
          metrics,
          pollIntervalMs: config.common.jobsPollIntervalMs,
          poolSize: config.common.jobsPoolSize,
        }),
      ],
      controllers: [InboxHandler, PreferencesHandler, WebhooksHandler, ChatHandler],
      providers: [
        gdprParticipant(NotificationsGdprFeed, NOTIFICATIONS_GDPR_DATA),
        { provide: NOTIFICATIONS_CONFIG, useValue: config },
        { provide: NOTIFICATIONS_LOGGER, useValue: logger },
        NotificationsEventLog,
        PushPublisher,
        Mailer,
        AccountMail,
        PreferencesService,
        InboxService,
        WebhookDeliveries,
        WebhooksService,
        ChatService,
        PaymentFeedConsumer,
        BookingFeedConsumer,
        AuthFeedConsumer,
        GdprExportFeedConsumer,
        SnsFeedConsumer,
        ReviewFeedConsumer,
        AutomationFeedConsumer,
      ],
    };
  }
}
