import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import {
  NotificationDelete,
  NotificationGet,
  NotificationList,
  NotificationMarkRead,
  NotificationReadAll,
  NotificationStats,
  RequestOf,
  ResponseOf,
} from '@sf/contracts';
import { Handles } from '@sf/messaging';
import { InboxService } from './inbox.service';

@Controller()
export class InboxHandler {
  constructor(private readonly inbox: InboxService) {}

  @Handles(NotificationList)
  list(@Payload() req: RequestOf<typeof NotificationList>): Promise<ResponseOf<typeof NotificationList>> {
    return this.inbox.list(req.ctx, req.query);
  }

  @Handles(NotificationStats)
  stats(@Payload() req: RequestOf<typeof NotificationStats>): Promise<ResponseOf<typeof NotificationStats>> {
    return this.inbox.stats(req.ctx);
  }

  @Handles(NotificationReadAll)
  readAll(@Payload() req: RequestOf<typeof NotificationReadAll>): Promise<ResponseOf<typeof NotificationReadAll>> {
    return this.inbox.readAll(req.ctx);
  }

  @Handles(NotificationGet)
  get(@Payload() req: RequestOf<typeof NotificationGet>): Promise<ResponseOf<typeof NotificationGet>> {
    return this.inbox.get(req.ctx, req.params.id);
  }

  @Handles(NotificationMarkRead)
  markRead(@Payload() req: RequestOf<typeof NotificationMarkRead>): Promise<ResponseOf<typeof NotificationMarkRead>> {
    return this.inbox.markRead(req.ctx, req.params.id);
  }

  @Handles(NotificationDelete)
  delete(@Payload() req: RequestOf<typeof NotificationDelete>): Promise<void> {
    return this.inbox.delete(req.ctx, req.params.id);
  }
}
