import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { PublishedObjectReply, RequestOf, ResponseOf, SiteFormSubmit, SitePublicHome, SitePublicPage } from '@sf/contracts';
import { Handles } from '@sf/messaging';
import { FormsService } from '../forms/forms.service';
import { PublishingService } from './publishing.service';

/** What anyone reaches through the gateway: published pages and their forms. */
@Controller()
export class PublicHandler {
  constructor(
    private readonly publishing: PublishingService,
    private readonly forms: FormsService,
  ) {}

  @Handles(SitePublicHome)
  home(@Payload() req: RequestOf<typeof SitePublicHome>): Promise<PublishedObjectReply> {
    return this.publishing.locate(req.params.slug, null);
  }

  @Handles(SitePublicPage)
  page(@Payload() req: RequestOf<typeof SitePublicPage>): Promise<PublishedObjectReply> {
    return this.publishing.locate(req.params.slug, req.params.page);
  }

  @Handles(SiteFormSubmit)
  submit(@Payload() req: RequestOf<typeof SiteFormSubmit>): Promise<ResponseOf<typeof SiteFormSubmit>> {
    return this.forms.submit(req.params.slug, req.params.component_id, req.body);
  }
}
