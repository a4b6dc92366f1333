import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import {
  AutoApplyHistory,
  AutoApplyRuleCreate,
  AutoApplyRuleDelete,
  AutoApplyRuleGet,
  AutoApplyRuleList,
  AutoApplyRuleUpdate,
  AutoApplyRun,
  RequestOf,
  ResponseOf,
} from '@sf/contracts';
import { Handles } from '@sf/messaging';
import { AutoApplyService } from './auto-apply.service';

@Controller()
export class AutoApplyHandler {
  constructor(private readonly autoApply: AutoApplyService) {}

  @Handles(AutoApplyRuleList)
  list(@Payload() req: RequestOf<typeof AutoApplyRuleList>): Promise<ResponseOf<typeof AutoApplyRuleList>> {
    return this.autoApply.list(req.ctx, req.query);
  }

  @Handles(AutoApplyRuleCreate)
  create(@Payload() req: RequestOf<typeof AutoApplyRuleCreate>): Promise<ResponseOf<typeof AutoApplyRuleCreate>> {
    return this.autoApply.create(req.ctx, req.body);
  }

  @Handles(AutoApplyRuleGet)
  get(@Payload() req: RequestOf<typeof AutoApplyRuleGet>): Promise<ResponseOf<typeof AutoApplyRuleGet>> {
    return this.autoApply.get(req.ctx, req.params.id);
  }

  @Handles(AutoApplyRuleUpdate)
  update(@Payload() req: RequestOf<typeof AutoApplyRuleUpdate>): Promise<ResponseOf<typeof AutoApplyRuleUpdate>> {
    return this.autoApply.update(req.ctx, req.params.id, req.body);
  }

  @Handles(AutoApplyRuleDelete)
  remove(@Payload() req: RequestOf<typeof AutoApplyRuleDelete>): Promise<void> {
    return this.autoApply.remove(req.ctx, req.params.id);
  }

  @Handles(AutoApplyRun)
  run(@Payload() req: RequestOf<typeof AutoApplyRun>): Promise<ResponseOf<typeof AutoApplyRun>> {
    return this.autoApply.run(req.ctx);
  }

  @Handles(AutoApplyHistory)
  history(@Payload() req: RequestOf<typeof AutoApplyHistory>): Promise<ResponseOf<typeof AutoApplyHistory>> {
    return this.autoApply.history(req.ctx, req.query);
  }
}
