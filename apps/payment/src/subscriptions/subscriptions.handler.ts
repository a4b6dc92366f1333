import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  RequestOf,
  ResponseOf,
  Subscribe,
  SubscriptionCancel,
  SubscriptionGet,
  SubscriptionsList,
  SubscriptionUpdate,
} from '@sf/contracts';
import { SubscriptionsService } from './subscriptions.service';

@Controller()
export class SubscriptionsHandler {
  constructor(private readonly subscriptions: SubscriptionsService) {}

  @MessagePattern(SubscriptionsList.subject)
  list(@Payload() req: RequestOf<typeof SubscriptionsList>): Promise<ResponseOf<typeof SubscriptionsList>> {
    return this.subscriptions.list(req.ctx, req.query);
  }

  @MessagePattern(SubscriptionGet.subject)
  get(@Payload() req: RequestOf<typeof SubscriptionGet>): Promise<ResponseOf<typeof SubscriptionGet>> {
    return this.subscriptions.get(req.ctx, req.params.id);
  }

  @MessagePattern(Subscribe.subject)
  subscribe(@Payload() req: RequestOf<typeof Subscribe>): Promise<ResponseOf<typeof Subscribe>> {
    return this.subscriptions.subscribe(req.ctx, req.body);
  }

  @MessagePattern(SubscriptionUpdate.subject)
  update(@Payload() req: RequestOf<typeof SubscriptionUpdate>): Promise<ResponseOf<typeof SubscriptionUpdate>> {
    return this.subscriptions.update(req.ctx, req.params.id, req.body);
  }

  @MessagePattern(SubscriptionCancel.subject)
  cancel(@Payload() req: RequestOf<typeof SubscriptionCancel>): Promise<void> {
    return this.subscriptions.cancel(req.ctx, req.params.id);
  }
}
