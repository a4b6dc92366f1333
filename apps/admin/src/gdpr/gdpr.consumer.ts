import { Injectable, OnApplicationBootstrap, OnModuleInit } from '@nestjs/common';
import { ADMIN_GDPR_PART_FEEDS, AdminAccountDeletedFeed } from '@sf/contracts';
import { EventConsumers } from '@sf/events';
import { Jobs } from '@sf/jobs';
import { GDPR_DEADLINE, GDPR_DELETE_START, GdprJob, GdprService } from './gdpr.service';

/**
 * What moves GDPR requests on: each participating service's answers (one consumer per service),
 * deleted accounts, the end of a grace period and the deadline (jobs).
 */
@Injectable()
export class GdprProgress implements OnModuleInit, OnApplicationBootstrap {
  constructor(
    private readonly consumers: EventConsumers,
    private readonly jobs: Jobs,
    private readonly gdpr: GdprService,
  ) {}

  onModuleInit(): void {
    this.jobs.define<GdprJob>(GDPR_DELETE_START, (data) => this.gdpr.startScheduled(data.request_id), {
      retryLimit: 10,
      retryDelaySeconds: 5,
      expireInSeconds: 60,
    });
    this.jobs.define<GdprJob>(GDPR_DEADLINE, (data) => this.gdpr.deadline(data.request_id), {
      retryLimit: 10,
      retryDelaySeconds: 5,
      expireInSeconds: 60,
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    for (const feed of Object.values(ADMIN_GDPR_PART_FEEDS)) {
      await this.consumers.register(feed, (event, manager) =>
        this.gdpr.partCompleted(manager, event.type === 'gdpr.export.part_completed' ? 'export' : 'delete', event.data, event.id),
      );
    }
    await this.consumers.register(AdminAccountDeletedFeed, (event, manager) =>
      this.gdpr.accountDeleted(manager, event.data.user_id, event.id),
    );
  }
}
