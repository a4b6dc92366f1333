import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import {
  RequestOf,
  ResponseOf,
  Subscribe,
  SubscriptionCancel,
  SubscriptionGet,
  SubscriptionsList,
  SubscriptionUpdate,
} from '@sf/contracts';
import { Handles } from '@sf/messaging';
import { SubscriptionsService } from './subscriptions.service';

@Controller()
export class SubscriptionsHandler {
  constructor(private readonly subscriptions: SubscriptionsService) {}

  @Handles(SubscriptionsList)
  list(@Payload() req: RequestOf<typeof SubscriptionsList>): Promise<ResponseOf<typeof SubscriptionsList>> {
    return this.subscriptions.list(req.ctx, req.query);
  }

  @Handles(SubscriptionGet)
  get(@Payload() req: RequestOf<typeof SubscriptionGet>): Promise<ResponseOf<typeof SubscriptionGet>> {
    return this.subscriptions.get(req.ctx, req.params.id);
  }

  @Handles(Subscribe)
  subscribe(@Payload() req: RequestOf<typeof Subscribe>): Promise<ResponseOf<typeof Subscribe>> {
    return this.subscriptions.subscribe(req.ctx, req.body);
  }

  @Handles(SubscriptionUpdate)
  update(@Payload() req: RequestOf<typeof SubscriptionUpdate>): Promise<ResponseOf<typeof SubscriptionUpdate>> {
    return this.subscriptions.update(req.ctx, req.params.id, req.body);
  }

  @Handles(SubscriptionCancel)
  cancel(@Payload() req: RequestOf<typeof SubscriptionCancel>): Promise<void> {
    return this.subscriptions.cancel(req.ctx, req.params.id);
  }
}
