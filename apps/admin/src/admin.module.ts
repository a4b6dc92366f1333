import { AdminGdprFeed } from '@sf/contracts';
import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { serviceDataSourceOptions } from '@sf/database';
import { EventsModule, gdprParticipant } from '@sf/events';
import { JobsModule } from '@sf/jobs';
import { NatsModule, ServiceHealthModule } from '@sf/messaging';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import { ActivityConsumer } from './accounts/activity.consumer';
import { AccountsConsumer } from './rbac/accounts.consumer';
import { ADMIN_CONFIG, ADMIN_LOGGER, AdminConfig } from './admin.config';
import { AuditConsumer } from './audit/audit.consumer';
import { AuditHandler } from './audit/audit.handler';
import { AuditLog } from './audit/audit-log.service';
import { AuditService } from './audit/audit.service';
import { ADMIN_SCHEMA } from './database';
import { AdminEventLog } from './events/admin-event-log';
import { AccessSync } from './rbac/access-sync.service';
import { FirstAdmin } from './rbac/first-admin.service';
import { RbacHandler } from './rbac/rbac.handler';
import { RoleExpiry } from './rbac/role-expiry.service';
import { RolesService } from './rbac/roles.service';
import { UserAccessService } from './rbac/user-access.service';
import { AnalyticsFeatures } from './analytics/analytics.features';
import { UsersHandler } from './users/users.handler';
import { UsersService } from './users/users.service';
import { ADMIN_GDPR_DATA } from './gdpr/gdpr-data';
import { GdprProgress } from './gdpr/gdpr.consumer';
import { GdprHandler } from './gdpr/gdpr.handler';
import { GdprService } from './gdpr/gdpr.service';

@Module({})
export class AdminModule {
  static register(config: AdminConfig, metrics: Registry, logger: Logger): DynamicModule {
    return {
      module: AdminModule,
      imports: [
        TypeOrmModule.forRoot(serviceDataSourceOptions(config.database, ADMIN_SCHEMA.entities, ADMIN_SCHEMA.migrations)),
        NatsModule.forRoot({
          url: config.common.natsUrl,
          name: 'admin',
          requestTimeoutMs: config.requestTimeoutMs,
          subjectPrefix: config.common.natsSubjectPrefix,
          metrics,
        }),
        ServiceHealthModule.forService('admin', metrics),
        EventsModule.forService({ service: 'admin', config: config.events, logger, metrics }),
        JobsModule.forService({
          service: 'admin',
          databaseUrl: config.database.url,
          logger,
          metrics,
          pollIntervalMs: config.common.jobsPollIntervalMs,
          poolSize: config.common.jobsPoolSize,
        }),
      ],
      controllers: [RbacHandler, UsersHandler, AuditHandler, GdprHandler, ...AnalyticsFeatures.handlers],
      providers: [
        gdprParticipant(AdminGdprFeed, ADMIN_GDPR_DATA),
        { provide: ADMIN_CONFIG, useValue: config },
        { provide: ADMIN_LOGGER, useValue: logger },
        AdminEventLog,
        AuditLog,
        AuditService,
        AuditConsumer,
        AccessSync,
        FirstAdmin,
        RolesService,
        UserAccessService,
        AccountsConsumer,
        RoleExpiry,
        ActivityConsumer,
        UsersService,
        GdprService,
        GdprProgress,
        ...AnalyticsFeatures.providers,
      ],
    };
  }
}
