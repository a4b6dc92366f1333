import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import {
  AdminMetricsEngagement,
  AdminMetricsHealth,
  AdminMetricsRevenue,
  AdminMetricsReviews,
  AdminMetricsSns,
  AdminMetricsUsers,
  RequestOf,
  ResponseOf,
} from '@sf/contracts';
import { Handles } from '@sf/messaging';
import { MetricsService } from './metrics.service';

@Controller()
export class MetricsHandler {
  constructor(private readonly metrics: MetricsService) {}

  @Handles(AdminMetricsRevenue)
  revenue(@Payload() req: RequestOf<typeof AdminMetricsRevenue>): Promise<ResponseOf<typeof AdminMetricsRevenue>> {
    return this.metrics.revenue(req.query);
  }

  @Handles(AdminMetricsUsers)
  users(@Payload() req: RequestOf<typeof AdminMetricsUsers>): Promise<ResponseOf<typeof AdminMetricsUsers>> {
    return this.metrics.users(req.query);
  }

  @Handles(AdminMetricsEngagement)
  engagement(@Payload() req: RequestOf<typeof AdminMetricsEngagement>): Promise<ResponseOf<typeof AdminMetricsEngagement>> {
    return this.metrics.engagement(req.query);
  }

  @Handles(AdminMetricsSns)
  sns(@Payload() req: RequestOf<typeof AdminMetricsSns>): Promise<ResponseOf<typeof AdminMetricsSns>> {
    return this.metrics.source('sns', ['platform'], req.query);
  }

  @Handles(AdminMetricsReviews)
  reviews(@Payload() req: RequestOf<typeof AdminMetricsReviews>): Promise<ResponseOf<typeof AdminMetricsReviews>> {
    return this.metrics.source('review', ['status', 'platform'], req.query);
  }

  @Handles(AdminMetricsHealth)
  health(@Payload() req: RequestOf<typeof AdminMetricsHealth>): Promise<ResponseOf<typeof AdminMetricsHealth>> {
    return this.metrics.health(req.query);
  }
}
