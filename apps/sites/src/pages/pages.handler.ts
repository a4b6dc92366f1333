import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { PageCreate, PageDelete, PageGet, PageUpdate, RequestOf, ResponseOf } from '@sf/contracts';
import { Handles } from '@sf/messaging';
import { PagesService } from './pages.service';

@Controller()
export class PagesHandler {
  constructor(private readonly pages: PagesService) {}

  @Handles(PageCreate)
  create(@Payload() req: RequestOf<typeof PageCreate>): Promise<ResponseOf<typeof PageCreate>> {
    return this.pages.create(req.ctx, req.body);
  }

  @Handles(PageGet)
  get(@Payload() req: RequestOf<typeof PageGet>): Promise<ResponseOf<typeof PageGet>> {
    return this.pages.get(req.ctx, req.params.id);
  }

  @Handles(PageUpdate)
  update(@Payload() req: RequestOf<typeof PageUpdate>): Promise<ResponseOf<typeof PageUpdate>> {
    return this.pages.update(req.ctx, req.params.id, req.body);
  }

  @Handles(PageDelete)
  remove(@Payload() req: RequestOf<typeof PageDelete>): Promise<void> {
    return this.pages.remove(req.ctx, req.params.id);
  }
}
