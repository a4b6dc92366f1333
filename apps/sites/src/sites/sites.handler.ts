import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import {
  RequestOf,
  ResponseOf,
  SiteCreate,
  SiteDelete,
  SiteGet,
  SiteList,
  SitePreview,
  SitePublication,
  SitePublish,
  SiteRollback,
  SiteSubmissions,
  SiteUpdate,
} from '@sf/contracts';
import { Handles } from '@sf/messaging';
import { FormsService } from '../forms/forms.service';
import { PublishingService } from '../publishing/publishing.service';
import { SitesService } from './sites.service';

@Controller()
export class SitesHandler {
  constructor(
    private readonly sites: SitesService,
    private readonly publishing: PublishingService,
    private readonly forms: FormsService,
  ) {}

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

  @Handles(SitePublish)
  publish(@Payload() req: RequestOf<typeof SitePublish>): Promise<ResponseOf<typeof SitePublish>> {
    return this.publishing.publish(req.ctx, req.params.id);
  }

  @Handles(SitePublication)
  publication(@Payload() req: RequestOf<typeof SitePublication>): Promise<ResponseOf<typeof SitePublication>> {
    return this.publishing.publication(req.ctx, req.params.id);
  }

  @Handles(SiteRollback)
  rollback(@Payload() req: RequestOf<typeof SiteRollback>): Promise<ResponseOf<typeof SiteRollback>> {
    return this.publishing.rollback(req.ctx, req.params.id);
  }

  @Handles(SitePreview)
  preview(@Payload() req: RequestOf<typeof SitePreview>): Promise<ResponseOf<typeof SitePreview>> {
    return this.publishing.preview(req.ctx, req.params.id, req.query.path);
  }

  @Handles(SiteSubmissions)
  submissions(@Payload() req: RequestOf<typeof SiteSubmissions>): Promise<ResponseOf<typeof SiteSubmissions>> {
    return this.forms.submissions(req.ctx, req.params.id, req.query);
  }
}
