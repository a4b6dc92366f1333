import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { RequestOf, ResponseOf, SiteCreate, SiteDelete, SiteGet, SiteList, SiteUpdate } from '@sf/contracts';
import { Handles } from '@sf/messaging';
import { SitesService } from './sites.service';

@Controller()
export class SitesHandler {
  constructor(private readonly sites: SitesService) {}

  @Handles(SiteCreate)
  create(@Payload() req: RequestOf<typeof SiteCreate>): Promise<ResponseOf<typeof SiteCreate>> {
    return this.sites.create(req.ctx, req.body);
  }

  @Handles(SiteList)
  list(@Payload() req: RequestOf<typeof SiteList>): Promise<ResponseOf<typeof SiteList>> {
    return this.sites.list(req.ctx, req.query);
  }

  @Handles(SiteGet)
  get(@Payload() req: RequestOf<typeof SiteGet>): Promise<ResponseOf<typeof SiteGet>> {
    return this.sites.get(req.ctx, req.params.id);
  }

  @Handles(SiteUpdate)
  update(@Payload() req: RequestOf<typeof SiteUpdate>): Promise<ResponseOf<typeof SiteUpdate>> {
    return this.sites.update(req.ctx, req.params.id, req.body);
  }

  @Handles(SiteDelete)
  remove(@Payload() req: RequestOf<typeof SiteDelete>): Promise<void> {
    return this.sites.remove(req.ctx, req.params.id);
  }
}
