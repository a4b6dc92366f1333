import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { RequestOf, ResponseOf, RewardConfirmReceived, RewardGet, RewardList } from '@sf/contracts';
import { Handles } from '@sf/messaging';
import { RewardsService } from './rewards.service';

@Controller()
export class RewardsHandler {
  constructor(private readonly rewards: RewardsService) {}

  @Handles(RewardList)
  list(@Payload() req: RequestOf<typeof RewardList>): Promise<ResponseOf<typeof RewardList>> {
    return this.rewards.list(req.ctx, req.query);
  }

  @Handles(RewardGet)
  get(@Payload() req: RequestOf<typeof RewardGet>): Promise<ResponseOf<typeof RewardGet>> {
    return this.rewards.get(req.ctx, req.params.id);
  }

  @Handles(RewardConfirmReceived)
  confirm(@Payload() req: RequestOf<typeof RewardConfirmReceived>): Promise<ResponseOf<typeof RewardConfirmReceived>> {
    return this.rewards.confirmReceived(req.ctx, req.params.id);
  }
}
