import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import {
  CampaignApplicants,
  CampaignCreate,
  CampaignDelete,
  CampaignGet,
  CampaignList,
  CampaignUpdate,
  RequestOf,
  ResponseOf,
} from '@sf/contracts';
import { Handles } from '@sf/messaging';
import { CampaignsService } from './campaigns.service';

@Controller()
export class CampaignsHandler {
  constructor(private readonly campaigns: CampaignsService) {}

  @Handles(CampaignCreate)
  create(@Payload() req: RequestOf<typeof CampaignCreate>): Promise<ResponseOf<typeof CampaignCreate>> {
    return this.campaigns.create(req.ctx, req.body);
  }

  @Handles(CampaignList)
  list(@Payload() req: RequestOf<typeof CampaignList>): Promise<ResponseOf<typeof CampaignList>> {
    return this.campaigns.list(req.ctx, req.query);
  }

  @Handles(CampaignGet)
  get(@Payload() req: RequestOf<typeof CampaignGet>): Promise<ResponseOf<typeof CampaignGet>> {
    return this.campaigns.get(req.params.id);
  }

  @Handles(CampaignUpdate)
  update(@Payload() req: RequestOf<typeof CampaignUpdate>): Promise<ResponseOf<typeof CampaignUpdate>> {
    return this.campaigns.update(req.ctx, req.params.id, req.body);
  }

  @Handles(CampaignDelete)
  remove(@Payload() req: RequestOf<typeof CampaignDelete>): Promise<void> {
    return this.campaigns.remove(req.ctx, req.params.id);
  }

  @Handles(CampaignApplicants)
  applicants(@Payload() req: RequestOf<typeof CampaignApplicants>): Promise<ResponseOf<typeof CampaignApplicants>> {
    return this.campaigns.applicants(req.ctx, req.params.id, req.query);
  }
}
