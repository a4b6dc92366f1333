import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { RequestOf, ResponseOf, SnsAnalytics, SnsPostAnalytics } from '@sf/contracts';
import { Handles } from '@sf/messaging';
import { AnalyticsService } from './analytics.service';

@Controller()
export class AnalyticsHandler {
  constructor(private readonly analytics: AnalyticsService) {}

  @Handles(SnsAnalytics)
  dashboard(@Payload() req: RequestOf<typeof SnsAnalytics>): Promise<ResponseOf<typeof SnsAnalytics>> {
    return this.analytics.dashboard(req.ctx, req.query);
  }

  @Handles(SnsPostAnalytics)
  post(@Payload() req: RequestOf<typeof SnsPostAnalytics>): Promise<ResponseOf<typeof SnsPostAnalytics>> {
    return this.analytics.post(req.ctx, req.params.id);
  }
}
