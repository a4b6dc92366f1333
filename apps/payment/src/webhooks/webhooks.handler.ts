import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { PaymentWebhook, ResponseOf, StripeWebhookRequest } from '@sf/contracts';
import { WebhooksService } from './webhooks.service';

@Controller()
export class WebhooksHandler {
  constructor(private readonly webhooks: WebhooksService) {}

  @MessagePattern(PaymentWebhook.subject)
  receive(@Payload() req: StripeWebhookRequest): Promise<ResponseOf<typeof PaymentWebhook>> {
    return this.webhooks.receive(req);
  }
}
