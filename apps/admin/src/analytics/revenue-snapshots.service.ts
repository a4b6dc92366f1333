import { Injectable, OnApplicationBootstrap, OnModuleInit } from '@nestjs/common';
import { Jobs } from '@sf/jobs';
import { MetricsService } from '../metrics/metrics.service';

const SNAPSHOT = 'analytics-revenue-snapshot';

/** Keeps one revenue snapshot per UTC day (the base of MRR growth), hourly so a day without readers still has one. */
@Injectable()
export class RevenueSnapshots implements OnModuleInit, OnApplicationBootstrap {
  constructor(
    private readonly jobs: Jobs,
    private readonly metrics: MetricsService,
  ) {}

  onModuleInit(): void {
    this.jobs.define<Record<string, never>>(SNAPSHOT, () => this.metrics.snapshotToday(), { policy: 'singleton', expireInSeconds: 120 });
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.jobs.schedule(SNAPSHOT, '7 * * * *', {});
  }
}
