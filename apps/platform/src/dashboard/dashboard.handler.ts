import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { PlatformDashboard, PlatformProducts, RequestOf, ResponseOf } from '@sf/contracts';
import { Handles } from '@sf/messaging';
import { DashboardService } from './dashboard.service';

@Controller()
export class DashboardHandler {
  constructor(private readonly dashboards: DashboardService) {}

  @Handles(PlatformDashboard)
  dashboard(@Payload() req: RequestOf<typeof PlatformDashboard>): Promise<ResponseOf<typeof PlatformDashboard>> {
    return this.dashboards.dashboard(req.ctx);
  }

  @Handles(PlatformProducts)
  products(@Payload() req: RequestOf<typeof PlatformProducts>): Promise<ResponseOf<typeof PlatformProducts>> {
    return this.dashboards.products(req.ctx);
  }
}
