import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Reward } from './reward.entity';

/** What a completed application earns: its id, applicant, account and reward. */
export interface CompletedApplication {
  id: string;
  userId: string;
  accountId: string;
  sourcePlatform: string;
  title: string;
  category: string;
  rewardKrw: number;
}

/** Records the reward of an application that just completed, once, in the completion's transaction. */
@Injectable()
export class RewardsRecorder {
  async recordCompletion(manager: EntityManager, application: CompletedApplication): Promise<void> {
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
