import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { RequestOf, ResponseOf, SiteFormSubmit, SiteSubmissions } from '@sf/contracts';
import { Handles } from '@sf/messaging';
import { FormsService } from './forms.service';

/** Visitors send published forms; the site's owner reads the submissions. */
@Controller()
export class FormsHandler {
  constructor(private readonly forms: FormsService) {}

  @Handles(SiteFormSubmit)
  submit(@Payload() req: RequestOf<typeof SiteFormSubmit>): Promise<ResponseOf<typeof SiteFormSubmit>> {
    return this.forms.submit(req.params.slug, req.params.component_id, req.body);
  }

  @Handles(SiteSubmissions)
  submissions(@Payload() req: RequestOf<typeof SiteSubmissions>): Promise<ResponseOf<typeof SiteSubmissions>> {
    return this.forms.submissions(req.ctx, req.params.id, req.query);
  }
}
