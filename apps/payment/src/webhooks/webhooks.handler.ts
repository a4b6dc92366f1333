import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { InternalRequestOf, InternalResponseOf, PaymentReceiveWebhook } from '@sf/contracts';
import { Handles } from '@sf/messaging';
import { WebhooksService } from './webhooks.service';

@Controller()
export class WebhooksHandler {
  constructor(private readonly webhooks: WebhooksService) {}

  @Handles(PaymentReceiveWebhook)
  receive(@Payload() req: InternalRequestOf<typeof PaymentReceiveWebhook>): Promise<InternalResponseOf<typeof PaymentReceiveWebhook>> {
    return this.webhooks.receive(req.body);
  }
}
