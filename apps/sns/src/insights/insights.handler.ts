import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import {
  RequestOf,
  ResponseOf,
  SnsCompetitorAnalysis,
  SnsCompetitorCreate,
  SnsCompetitorDelete,
  SnsCompetitorList,
  SnsTrending,
} from '@sf/contracts';
import { Handles } from '@sf/messaging';
import { CompetitorsService } from './competitors.service';
import { TrendsService } from './trends.service';

@Controller()
export class InsightsHandler {
  constructor(
    private readonly trends: TrendsService,
    private readonly competitors: CompetitorsService,
  ) {}

  @Handles(SnsTrending)
  trending(@Payload() req: RequestOf<typeof SnsTrending>): Promise<ResponseOf<typeof SnsTrending>> {
    return this.trends.trending(req.ctx, req.query);
  }

  @Handles(SnsCompetitorCreate)
  create(@Payload() req: RequestOf<typeof SnsCompetitorCreate>): Promise<ResponseOf<typeof SnsCompetitorCreate>> {
    return this.competitors.create(req.ctx, req.body);
  }

  @Handles(SnsCompetitorList)
  list(@Payload() req: RequestOf<typeof SnsCompetitorList>): Promise<ResponseOf<typeof SnsCompetitorList>> {
    return this.competitors.list(req.ctx, req.query);
  }

  @Handles(SnsCompetitorDelete)
  delete(@Payload() req: RequestOf<typeof SnsCompetitorDelete>): Promise<ResponseOf<typeof SnsCompetitorDelete>> {
    return this.competitors.delete(req.ctx, req.params.id);
  }

  @Handles(SnsCompetitorAnalysis)
  analysis(@Payload() req: RequestOf<typeof SnsCompetitorAnalysis>): Promise<ResponseOf<typeof SnsCompetitorAnalysis>> {
    return this.competitors.analysis(req.ctx, req.params.id);
  }
}
