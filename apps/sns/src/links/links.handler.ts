import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import {
  RequestOf,
  ResponseOf,
  SnsBioClick,
  SnsBioPage,
  SnsLinkCreate,
  SnsLinkDelete,
  SnsLinkGet,
  SnsLinkList,
  SnsLinkStats,
  SnsLinkUpdate,
} from '@sf/contracts';
import { Handles } from '@sf/messaging';
import { LinksService } from './links.service';

@Controller()
export class LinksHandler {
  constructor(private readonly links: LinksService) {}

  @Handles(SnsLinkCreate)
  create(@Payload() req: RequestOf<typeof SnsLinkCreate>): Promise<ResponseOf<typeof SnsLinkCreate>> {
    return this.links.create(req.ctx, req.body);
  }

  @Handles(SnsLinkList)
  list(@Payload() req: RequestOf<typeof SnsLinkList>): Promise<ResponseOf<typeof SnsLinkList>> {
    return this.links.list(req.ctx, req.query);
  }

  @Handles(SnsLinkGet)
  get(@Payload() req: RequestOf<typeof SnsLinkGet>): Promise<ResponseOf<typeof SnsLinkGet>> {
    return this.links.get(req.ctx, req.params.id);
  }

  @Handles(SnsLinkUpdate)
  update(@Payload() req: RequestOf<typeof SnsLinkUpdate>): Promise<ResponseOf<typeof SnsLinkUpdate>> {
    return this.links.update(req.ctx, req.params.id, req.body);
  }

  @Handles(SnsLinkDelete)
  delete(@Payload() req: RequestOf<typeof SnsLinkDelete>): Promise<ResponseOf<typeof SnsLinkDelete>> {
    return this.links.delete(req.ctx, req.params.id);
  }

  @Handles(SnsLinkStats)
  stats(@Payload() req: RequestOf<typeof SnsLinkStats>): Promise<ResponseOf<typeof SnsLinkStats>> {
    return this.links.stats(req.ctx, req.params.id);
  }

  @Handles(SnsBioPage)
  page(@Payload() req: RequestOf<typeof SnsBioPage>): Promise<ResponseOf<typeof SnsBioPage>> {
    return this.links.page(req.params.slug);
  }

  @Handles(SnsBioClick)
  click(@Payload() req: RequestOf<typeof SnsBioClick>) {
    return this.links.click(req.params.slug, req.params.link_id, req.query);
  }
}
