import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { Application } from '../applications/application.entity';
import { Reward } from './reward.entity';

/** Records the reward of an application that just completed, once, in the completion's transaction. */
@Injectable()
export class RewardsRecorder {
  async recordCompletion(manager: EntityManager, application: Application): Promise<void> {
    await manager
      .createQueryBuilder()
      .insert()
      .into(Reward)
      .values({
        userId: application.userId,
        applicationId: application.id,
        accountId: application.accountId,
        sourcePlatform: application.sourcePlatform,
        title: application.title,
        category: application.category,
        amountKrw: application.rewardKrw,
      })
      .orIgnore()
      .execute();
  }
}
