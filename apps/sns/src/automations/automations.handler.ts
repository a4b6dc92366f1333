import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import {
  RequestOf,
  ResponseOf,
  SnsAutomationCreate,
  SnsAutomationDelete,
  SnsAutomationGet,
  SnsAutomationList,
  SnsAutomationRun,
  SnsAutomationUpdate,
} from '@sf/contracts';
import { Handles } from '@sf/messaging';
import { AutomationsService } from './automations.service';

@Controller()
export class AutomationsHandler {
  constructor(private readonly automations: AutomationsService) {}

  @Handles(SnsAutomationCreate)
  create(@Payload() req: RequestOf<typeof SnsAutomationCreate>): Promise<ResponseOf<typeof SnsAutomationCreate>> {
    return this.automations.create(req.ctx, req.body);
  }

  @Handles(SnsAutomationList)
  list(@Payload() req: RequestOf<typeof SnsAutomationList>): Promise<ResponseOf<typeof SnsAutomationList>> {
    return this.automations.list(req.ctx, req.query);
  }

  @Handles(SnsAutomationGet)
  get(@Payload() req: RequestOf<typeof SnsAutomationGet>): Promise<ResponseOf<typeof SnsAutomationGet>> {
    return this.automations.get(req.ctx, req.params.id);
  }

  @Handles(SnsAutomationUpdate)
  update(@Payload() req: RequestOf<typeof SnsAutomationUpdate>): Promise<ResponseOf<typeof SnsAutomationUpdate>> {
    return this.automations.update(req.ctx, req.params.id, req.body);
  }

  @Handles(SnsAutomationDelete)
  delete(@Payload() req: RequestOf<typeof SnsAutomationDelete>): Promise<ResponseOf<typeof SnsAutomationDelete>> {
    return this.automations.delete(req.ctx, req.params.id);
  }

  @Handles(SnsAutomationRun)
  run(@Payload() req: RequestOf<typeof SnsAutomationRun>): Promise<ResponseOf<typeof SnsAutomationRun>> {
    return this.automations.runNow(req.ctx, req.params.id);
  }
}
