import { Injectable, OnApplicationBootstrap, OnModuleInit } from '@nestjs/common';
import { Jobs } from '@sf/jobs';
import { EXPIRE_ASSIGNMENT, ExpireAssignment, UserAccessService } from './user-access.service';

const SWEEP = 'rbac-sweep-expired';

/**
 * Withdraws assignments when they expire: a job per assignment, due at its `expires_at`
 * (enqueued with the assignment, in its transaction), and a sweep every five minutes for any
 * the jobs missed. Both are idempotent: an assignment renewed meanwhile is left alone.
 */
@Injectable()
export class RoleExpiry implements OnModuleInit, OnApplicationBootstrap {
  constructor(
    private readonly jobs: Jobs,
    private readonly access: UserAccessService,
  ) {}

  onModuleInit(): void {
    this.jobs.define<ExpireAssignment>(EXPIRE_ASSIGNMENT, (data, job) => this.access.expire(data.user_id, data.role_id, `job_${job.id}`), {
      retryLimit: 10,
      retryDelaySeconds: 5,
      expireInSeconds: 60,
    });
    this.jobs.define<Record<string, never>>(SWEEP, async (_data, job) => void (await this.access.expireDue(`job_${job.id}`)), {
      policy: 'singleton',
      expireInSeconds: 300,
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.jobs.schedule(SWEEP, '*/5 * * * *', {});
  }
}
