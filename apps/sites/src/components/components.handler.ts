import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { ComponentCreate, ComponentDelete, ComponentGet, ComponentUpdate, RequestOf, ResponseOf } from '@sf/contracts';
import { Handles } from '@sf/messaging';
import { ComponentsService } from './components.service';

@Controller()
export class ComponentsHandler {
  constructor(private readonly components: ComponentsService) {}

  @Handles(ComponentCreate)
  create(@Payload() req: RequestOf<typeof ComponentCreate>): Promise<ResponseOf<typeof ComponentCreate>> {
    return this.components.create(req.ctx, req.body);
  }

  @Handles(ComponentGet)
  get(@Payload() req: RequestOf<typeof ComponentGet>): Promise<ResponseOf<typeof ComponentGet>> {
    return this.components.get(req.ctx, req.params.id);
  }

  @Handles(ComponentUpdate)
  update(@Payload() req: RequestOf<typeof ComponentUpdate>): Promise<ResponseOf<typeof ComponentUpdate>> {
    return this.components.update(req.ctx, req.params.id, req.body);
  }

  @Handles(ComponentDelete)
  remove(@Payload() req: RequestOf<typeof ComponentDelete>): Promise<void> {
    return this.components.remove(req.ctx, req.params.id);
  }
}
