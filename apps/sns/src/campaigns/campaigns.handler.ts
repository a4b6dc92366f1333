import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import {
  RequestOf,
  ResponseOf,
  SnsCampaignCreate,
  SnsCampaignDelete,
  SnsCampaignGet,
  SnsCampaignList,
  SnsCampaignPause,
  SnsCampaignResume,
  SnsCampaignUpdate,
  SnsRoi,
} from '@sf/contracts';
import { Handles } from '@sf/messaging';
import { CampaignsService } from './campaigns.service';

@Controller()
export class CampaignsHandler {
  constructor(private readonly campaigns: CampaignsService) {}

  @Handles(SnsCampaignCreate)
  create(@Payload() req: RequestOf<typeof SnsCampaignCreate>): Promise<ResponseOf<typeof SnsCampaignCreate>> {
    return this.campaigns.create(req.ctx, req.body);
  }

  @Handles(SnsCampaignList)
  list(@Payload() req: RequestOf<typeof SnsCampaignList>): Promise<ResponseOf<typeof SnsCampaignList>> {
    return this.campaigns.list(req.ctx, req.query);
  }

  @Handles(SnsCampaignGet)
  get(@Payload() req: RequestOf<typeof SnsCampaignGet>): Promise<ResponseOf<typeof SnsCampaignGet>> {
    return this.campaigns.get(req.ctx, req.params.id);
  }

  @Handles(SnsCampaignUpdate)
  update(@Payload() req: RequestOf<typeof SnsCampaignUpdate>): Promise<ResponseOf<typeof SnsCampaignUpdate>> {
    return this.campaigns.update(req.ctx, req.params.id, req.body);
  }

  @Handles(SnsCampaignDelete)
  delete(@Payload() req: RequestOf<typeof SnsCampaignDelete>): Promise<ResponseOf<typeof SnsCampaignDelete>> {
    return this.campaigns.delete(req.ctx, req.params.id);
  }

  @Handles(SnsCampaignPause)
  pause(@Payload() req: RequestOf<typeof SnsCampaignPause>): Promise<ResponseOf<typeof SnsCampaignPause>> {
    return this.campaigns.setPaused(req.ctx, req.params.id, true);
  }

  @Handles(SnsCampaignResume)
  resume(@Payload() req: RequestOf<typeof SnsCampaignResume>): Promise<ResponseOf<typeof SnsCampaignResume>> {
    return this.campaigns.setPaused(req.ctx, req.params.id, false);
  }

  @Handles(SnsRoi)
  roi(@Payload() req: RequestOf<typeof SnsRoi>): Promise<ResponseOf<typeof SnsRoi>> {
    return this.campaigns.roi(req.ctx, req.query);
  }
}
