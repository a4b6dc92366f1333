import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import {
  AdminAnalyticsCohort,
  AdminAnalyticsFunnel,
  AdminAnalyticsLtv,
  AdminAnalyticsRetention,
  AnalyticsEngagement,
  AnalyticsExport,
  AnalyticsOverview,
  AnalyticsPerformance,
  AnalyticsRevenue,
  AnalyticsUsers,
  RequestOf,
  ResponseOf,
} from '@sf/contracts';
import { Handles } from '@sf/messaging';
import { MetricsService } from '../metrics/metrics.service';
import { AnalyticsService } from './analytics.service';

@Controller()
export class AnalyticsHandler {
  constructor(
    private readonly analytics: AnalyticsService,
    private readonly metrics: MetricsService,
  ) {}

  @Handles(AdminAnalyticsCohort)
  cohort(@Payload() req: RequestOf<typeof AdminAnalyticsCohort>): Promise<ResponseOf<typeof AdminAnalyticsCohort>> {
    return this.analytics.cohort(req.query);
  }

  @Handles(AdminAnalyticsRetention)
  retention(@Payload() req: RequestOf<typeof AdminAnalyticsRetention>): Promise<ResponseOf<typeof AdminAnalyticsRetention>> {
    return this.analytics.retention(req.query);
  }

  @Handles(AdminAnalyticsFunnel)
  funnel(@Payload() req: RequestOf<typeof AdminAnalyticsFunnel>): Promise<ResponseOf<typeof AdminAnalyticsFunnel>> {
    return this.analytics.funnel(req.query);
  }

  @Handles(AdminAnalyticsLtv)
  ltv(@Payload() req: RequestOf<typeof AdminAnalyticsLtv>): Promise<ResponseOf<typeof AdminAnalyticsLtv>> {
    return this.analytics.ltv(req.query);
  }

  @Handles(AnalyticsOverview)
  overview(@Payload() req: RequestOf<typeof AnalyticsOverview>): Promise<ResponseOf<typeof AnalyticsOverview>> {
    return this.analytics.overview(req.query);
  }

  @Handles(AnalyticsRevenue)
  revenue(@Payload() req: RequestOf<typeof AnalyticsRevenue>): Promise<ResponseOf<typeof AnalyticsRevenue>> {
    return this.metrics.revenue(req.query);
  }

  @Handles(AnalyticsUsers)
  users(@Payload() req: RequestOf<typeof AnalyticsUsers>): Promise<ResponseOf<typeof AnalyticsUsers>> {
    return this.metrics.users(req.query);
  }

  @Handles(AnalyticsEngagement)
  engagement(@Payload() req: RequestOf<typeof AnalyticsEngagement>): Promise<ResponseOf<typeof AnalyticsEngagement>> {
    return this.metrics.engagement(req.query);
  }

  @Handles(AnalyticsPerformance)
  performance(@Payload() req: RequestOf<typeof AnalyticsPerformance>): Promise<ResponseOf<typeof AnalyticsPerformance>> {
    return this.metrics.health(req.query);
  }

  @Handles(AnalyticsExport)
  export(@Payload() req: RequestOf<typeof AnalyticsExport>): Promise<ResponseOf<typeof AnalyticsExport>> {
    return this.analytics.export(req.query);
  }
}
