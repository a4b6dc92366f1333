import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import {
  PublishedObjectReply,
  RequestOf,
  ResponseOf,
  SitePreview,
  SitePublicHome,
  SitePublicPage,
  SitePublication,
  SitePublish,
  SiteRollback,
} from '@sf/contracts';
import { Handles } from '@sf/messaging';
import { PublishingService } from './publishing.service';

/** Publishing, rollback and preview for the owner; the published pages for anyone. */
@Controller()
export class PublishingHandler {
  constructor(private readonly publishing: PublishingService) {}

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

  @Handles(SitePublicHome)
  home(@Payload() req: RequestOf<typeof SitePublicHome>): Promise<PublishedObjectReply> {
    return this.publishing.locate(req.params.slug, null);
  }

  @Handles(SitePublicPage)
  page(@Payload() req: RequestOf<typeof SitePublicPage>): Promise<PublishedObjectReply> {
    return this.publishing.locate(req.params.slug, req.params.page);
  }
}
