import { DynamicModule, Module } from '@nestjs/common';
import { getDataSourceToken, TypeOrmModule } from '@nestjs/typeorm';
import { AiProvider } from '@sf/ai';
import { AutomationEntitlementsFeed, AutomationGdprFeed } from '@sf/contracts';
import { serviceDataSourceOptions } from '@sf/database';
import { EntitlementsModule } from '@sf/entitlements';
import { EventsModule, gdprParticipant } from '@sf/events';
import { JobsModule } from '@sf/jobs';
import { NatsModule, ServiceHealthModule } from '@sf/messaging';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import { AI_PROVIDER, AUTOMATION_CONFIG, AutomationConfig } from './automation.config';
import { AUTOMATION_SCHEMA } from './database';
import { automationGdprData } from './gdpr/gdpr-data';
import { RunEngine } from './runs/run-engine.service';
import { RunsService } from './runs/runs.service';
import { AutomationEventLog } from './shared/automation-events';
import { PlanLimitsService } from './shared/plan-limits';
import { StepExecutor } from './steps/step-executor';
import { TasksHandler } from './tasks/tasks.handler';
import { TasksService } from './tasks/tasks.service';
import { TemplatesHandler } from './templates/templates.handler';
import { TemplatesService } from './templates/templates.service';
import { EventTriggers } from './triggers/event-triggers';
import { UserDeletions } from './triggers/user-deletions';
import { UserTimeZones } from './workflows/user-time-zones';
import { WorkflowsHandler } from './workflows/workflows.handler';
import { WorkflowsService } from './workflows/workflows.service';

@Module({})
export class AutomationModule {
  static register(config: AutomationConfig, metrics: Registry, logger: Logger): DynamicModule {
    return {
      module: AutomationModule,
      imports: [
        TypeOrmModule.forRoot(serviceDataSourceOptions(config.database, AUTOMATION_SCHEMA.entities, AUTOMATION_SCHEMA.migrations)),
        NatsModule.forRoot({
          url: config.common.natsUrl,
          name: 'automation',
          requestTimeoutMs: config.requestTimeoutMs,
          subjectPrefix: config.common.natsSubjectPrefix,
          metrics,
        }),
        ServiceHealthModule.forService('automation', metrics),
        EventsModule.forService({ service: 'automation', config: config.events, logger, metrics }),
        EntitlementsModule.forService({ consumer: AutomationEntitlementsFeed }),
        JobsModule.forService({
          service: 'automation',
          databaseUrl: config.database.url,
          logger,
          metrics,
          pollIntervalMs: config.common.jobsPollIntervalMs,
          poolSize: config.common.jobsPoolSize,
        }),
      ],
      controllers: [WorkflowsHandler, TasksHandler, TemplatesHandler],
      providers: [
        gdprParticipant(AutomationGdprFeed, { useFactory: automationGdprData, inject: [getDataSourceToken(), WorkflowsService] }),
        { provide: AUTOMATION_CONFIG, useValue: config },
        { provide: AI_PROVIDER, useValue: new AiProvider(config.ai) },
        AutomationEventLog,
        PlanLimitsService,
        StepExecutor,
        RunEngine,
        RunsService,
        WorkflowsService,
        TasksService,
        TemplatesService,
        EventTriggers,
        UserDeletions,
        UserTimeZones,
      ],
    };
  }
}
