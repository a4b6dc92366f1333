import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { RequestOf, ResponseOf, TemplateGet, TemplateList } from '@sf/contracts';
import { Handles } from '@sf/messaging';
import { TemplatesService } from './templates.service';

@Controller()
export class TemplatesHandler {
  constructor(private readonly templates: TemplatesService) {}

  @Handles(TemplateList)
  list(@Payload() req: RequestOf<typeof TemplateList>): Promise<ResponseOf<typeof TemplateList>> {
    return this.templates.list(req.ctx, req.query);
  }

  @Handles(TemplateGet)
  get(@Payload() req: RequestOf<typeof TemplateGet>): Promise<ResponseOf<typeof TemplateGet>> {
    return this.templates.get(req.ctx, req.params.id);
  }
}
