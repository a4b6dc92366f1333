import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { RequestOf, ResponseOf, ReviewAnalytics, ReviewDashboard, ReviewEarnings, ReviewSuccessRate } from '@sf/contracts';
import { Handles } from '@sf/messaging';
import { AnalyticsService } from './analytics.service';

@Controller()
export class AnalyticsHandler {
  constructor(private readonly analytics: AnalyticsService) {}

  @Handles(ReviewDashboard)
  dashboard(@Payload() req: RequestOf<typeof ReviewDashboard>): Promise<ResponseOf<typeof ReviewDashboard>> {
    return this.analytics.dashboard(req.ctx);
  }

  @Handles(ReviewAnalytics)
  overview(@Payload() req: RequestOf<typeof ReviewAnalytics>): Promise<ResponseOf<typeof ReviewAnalytics>> {
    return this.analytics.overview(req.ctx);
  }

  @Handles(ReviewEarnings)
  earnings(@Payload() req: RequestOf<typeof ReviewEarnings>): Promise<ResponseOf<typeof ReviewEarnings>> {
    return this.analytics.earnings(req.ctx);
  }

  @Handles(ReviewSuccessRate)
  successRate(@Payload() req: RequestOf<typeof ReviewSuccessRate>): Promise<ResponseOf<typeof ReviewSuccessRate>> {
    return this.analytics.successRate(req.ctx);
  }
}
