import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import {
  AdminSubscriptionCancel,
  AdminSubscriptionChurn,
  AdminSubscriptionGet,
  AdminSubscriptionList,
  AdminSubscriptionRefund,
  AdminSubscriptionStats,
  AdminSubscriptionUpdate,
  RequestOf,
  ResponseOf,
} from '@sf/contracts';
import { Handles } from '@sf/messaging';
import { SubscriptionsService } from './subscriptions.service';

@Controller()
export class SubscriptionsHandler {
  constructor(private readonly subscriptions: SubscriptionsService) {}

  @Handles(AdminSubscriptionList)
  list(@Payload() req: RequestOf<typeof AdminSubscriptionList>): Promise<ResponseOf<typeof AdminSubscriptionList>> {
    return this.subscriptions.list(req.ctx, req.query);
  }

  @Handles(AdminSubscriptionStats)
  stats(@Payload() req: RequestOf<typeof AdminSubscriptionStats>): Promise<ResponseOf<typeof AdminSubscriptionStats>> {
    return this.subscriptions.stats(req.ctx, req.query);
  }

  @Handles(AdminSubscriptionChurn)
  churn(@Payload() req: RequestOf<typeof AdminSubscriptionChurn>): Promise<ResponseOf<typeof AdminSubscriptionChurn>> {
    return this.subscriptions.churnAnalysis(req.ctx, req.query);
  }

  @Handles(AdminSubscriptionGet)
  get(@Payload() req: RequestOf<typeof AdminSubscriptionGet>): Promise<ResponseOf<typeof AdminSubscriptionGet>> {
    return this.subscriptions.get(req.ctx, req.params.id);
  }

  @Handles(AdminSubscriptionUpdate)
  update(@Payload() req: RequestOf<typeof AdminSubscriptionUpdate>): Promise<ResponseOf<typeof AdminSubscriptionUpdate>> {
    return this.subscriptions.update(req.ctx, req.params.id, req.body);
  }

  @Handles(AdminSubscriptionCancel)
  cancel(@Payload() req: RequestOf<typeof AdminSubscriptionCancel>): Promise<void> {
    return this.subscriptions.cancel(req.ctx, req.params.id, req.body);
  }

  @Handles(AdminSubscriptionRefund)
  refund(@Payload() req: RequestOf<typeof AdminSubscriptionRefund>): Promise<ResponseOf<typeof AdminSubscriptionRefund>> {
    return this.subscriptions.refund(req.ctx, req.params.id, req.body);
  }
}
