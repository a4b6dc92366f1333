import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import {
  FlaggedContentGet,
  FlaggedContentList,
  FlaggedContentRemove,
  FlaggedContentResolve,
  ReportCreate,
  RequestOf,
  ResponseOf,
} from '@sf/contracts';
import { Handles } from '@sf/messaging';
import { ModerationService } from './moderation.service';

@Controller()
export class ModerationHandler {
  constructor(private readonly moderation: ModerationService) {}

  @Handles(ReportCreate)
  report(@Payload() req: RequestOf<typeof ReportCreate>): Promise<ResponseOf<typeof ReportCreate>> {
    return this.moderation.report(req.ctx, req.body);
  }

  @Handles(FlaggedContentList)
  list(@Payload() req: RequestOf<typeof FlaggedContentList>): Promise<ResponseOf<typeof FlaggedContentList>> {
    return this.moderation.list(req.ctx, req.query);
  }

  @Handles(FlaggedContentGet)
  get(@Payload() req: RequestOf<typeof FlaggedContentGet>): Promise<ResponseOf<typeof FlaggedContentGet>> {
    return this.moderation.get(req.ctx, req.params.id);
  }

  @Handles(FlaggedContentResolve)
  resolve(@Payload() req: RequestOf<typeof FlaggedContentResolve>): Promise<ResponseOf<typeof FlaggedContentResolve>> {
    return this.moderation.resolve(req.ctx, req.params.id, req.body);
  }

  @Handles(FlaggedContentRemove)
  remove(@Payload() req: RequestOf<typeof FlaggedContentRemove>): Promise<ResponseOf<typeof FlaggedContentRemove>> {
    return this.moderation.remove(req.ctx, req.params.id, req.body);
  }
}
