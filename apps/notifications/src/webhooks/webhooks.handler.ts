import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import {
  RequestOf,
  ResponseOf,
  WebhookCreate,
  WebhookDelete,
  WebhookDeliveries,
  WebhookGet,
  WebhookList,
  WebhookRedeliver,
  WebhookRotateSecret,
  WebhookTest,
  WebhookUpdate,
} from '@sf/contracts';
import { Handles } from '@sf/messaging';
import { WebhooksService } from './webhooks.service';

@Controller()
export class WebhooksHandler {
  constructor(private readonly webhooks: WebhooksService) {}

  @Handles(WebhookCreate)
  create(@Payload() req: RequestOf<typeof WebhookCreate>): Promise<ResponseOf<typeof WebhookCreate>> {
    return this.webhooks.create(req.ctx, req.body);
  }

  @Handles(WebhookList)
  list(@Payload() req: RequestOf<typeof WebhookList>): Promise<ResponseOf<typeof WebhookList>> {
    return this.webhooks.list(req.ctx, req.query);
  }

  @Handles(WebhookGet)
  get(@Payload() req: RequestOf<typeof WebhookGet>): Promise<ResponseOf<typeof WebhookGet>> {
    return this.webhooks.get(req.ctx, req.params.id);
  }

  @Handles(WebhookUpdate)
  update(@Payload() req: RequestOf<typeof WebhookUpdate>): Promise<ResponseOf<typeof WebhookUpdate>> {
    return this.webhooks.update(req.ctx, req.params.id, req.body);
  }

  @Handles(WebhookDelete)
  delete(@Payload() req: RequestOf<typeof WebhookDelete>): Promise<void> {
    return this.webhooks.delete(req.ctx, req.params.id);
  }

  @Handles(WebhookRotateSecret)
  rotateSecret(@Payload() req: RequestOf<typeof WebhookRotateSecret>): Promise<ResponseOf<typeof WebhookRotateSecret>> {
    return this.webhooks.rotateSecret(req.ctx, req.params.id);
  }

  @Handles(WebhookTest)
  test(@Payload() req: RequestOf<typeof WebhookTest>): Promise<ResponseOf<typeof WebhookTest>> {
    return this.webhooks.test(req.ctx, req.params.id);
  }

  @Handles(WebhookDeliveries)
  deliveries(@Payload() req: RequestOf<typeof WebhookDeliveries>): Promise<ResponseOf<typeof WebhookDeliveries>> {
    return this.webhooks.listDeliveries(req.ctx, req.params.id, req.query);
  }

  @Handles(WebhookRedeliver)
  redeliver(@Payload() req: RequestOf<typeof WebhookRedeliver>): Promise<ResponseOf<typeof WebhookRedeliver>> {
    return this.webhooks.redeliver(req.ctx, req.params.id, req.params.did);
  }
}
