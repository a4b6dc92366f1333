import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { RequestOf, ResponseOf, SnsAiBestTime, SnsAiCaptions, SnsAiGenerate, SnsAiHashtags, SnsAiRepurpose } from '@sf/contracts';
import { Handles } from '@sf/messaging';
import { AiService } from './ai.service';

@Controller()
export class AiHandler {
  constructor(private readonly ai: AiService) {}

  @Handles(SnsAiGenerate)
  generate(@Payload() req: RequestOf<typeof SnsAiGenerate>): Promise<ResponseOf<typeof SnsAiGenerate>> {
    return this.ai.generate(req.ctx, req.body);
  }

  @Handles(SnsAiRepurpose)
  repurpose(@Payload() req: RequestOf<typeof SnsAiRepurpose>): Promise<ResponseOf<typeof SnsAiRepurpose>> {
    return this.ai.repurpose(req.ctx, req.body);
  }

  @Handles(SnsAiHashtags)
  hashtags(@Payload() req: RequestOf<typeof SnsAiHashtags>): Promise<ResponseOf<typeof SnsAiHashtags>> {
    return this.ai.hashtags(req.ctx, req.body);
  }

  @Handles(SnsAiCaptions)
  captions(@Payload() req: RequestOf<typeof SnsAiCaptions>): Promise<ResponseOf<typeof SnsAiCaptions>> {
    return this.ai.captions(req.ctx, req.body);
  }

  @Handles(SnsAiBestTime)
  bestTime(@Payload() req: RequestOf<typeof SnsAiBestTime>): Promise<ResponseOf<typeof SnsAiBestTime>> {
    return this.ai.bestTime(req.ctx, req.body);
  }
}
