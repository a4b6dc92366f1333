import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { listView, resolvePage, RewardListQuery, RewardListView, RewardView, UserContext } from '@sf/contracts';
import { Conflict, NotFound } from '@sf/errors';
import { ReviewEvents } from '../shared/review-events';
import { Reward } from './reward.entity';
import { inTransaction } from '@sf/idempotency';

/** Rewards of completed applications: tracked in KRW, confirmed by the reviewer, never paid out here. */
@Injectable()
export class RewardsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly events: ReviewEvents,
  ) {}

  async list(ctx: UserContext, query: RewardListQuery): Promise<RewardListView> {
    const page = resolvePage(query);
    const [rows, total] = await this.dataSource.getRepository(Reward).findAndCount({
      where: { userId: ctx.user_id, ...(query.status ? { status: query.status } : {}) },
      order: { recordedAt: 'DESC', id: 'ASC' },
      skip: page.offset,
      take: page.limit,
    });
    const [summary] = (await this.dataSource.query(
      `SELECT COALESCE(sum(amount_krw), 0)::int AS total_krw,
              COALESCE(sum(amount_krw) FILTER (WHERE status = 'pending'), 0)::int AS pending_krw,
              COALESCE(sum(amount_krw) FILTER (WHERE status = 'received'), 0)::int AS received_krw,
              count(*)::int AS count
         FROM rewards WHERE user_id = $1`,
      [ctx.user_id],
    )) as RewardListView['summary'][];
    return { ...listView('rewards', rows.map(toRewardView), total, page), summary };
  }

  async get(ctx: UserContext, id: string): Promise<RewardView> {
    const reward = await this.dataSource.getRepository(Reward).findOneBy({ id, userId: ctx.user_id });
    if (!reward) throw new NotFound('Reward');
    return toRewardView(reward);
  }

  async confirmReceived(ctx: UserContext, id: string): Promise<RewardView> {
    return inTransaction(this.dataSource, async (manager) => {
      const reward = await manager.findOne(Reward, { where: { id, userId: ctx.user_id }, lock: { mode: 'pessimistic_write' } });
      if (!reward) throw new NotFound('Reward');
      if (reward.status === 'received') throw new Conflict('This reward was already confirmed', { reward_id: reward.id });
      reward.status = 'received';
      reward.receivedAt = new Date();
      await manager.save(Reward, reward);
      await this.events.record(manager, 'reward.received', reward.id, {
        reward_id: reward.id,
        application_id: reward.applicationId,
        user_id: reward.userId,
        amount_krw: reward.amountKrw,
        currency: 'KRW',
        source_platform: reward.sourcePlatform,
      });
      return toRewardView(reward);
    });
  }
}

function toRewardView(r: Reward): RewardView {
  return {
    id: r.id,
    reward_id: r.id,
    application_id: r.applicationId,
    account_id: r.accountId,
    source_platform: r.sourcePlatform,
    title: r.title,
    amount_krw: r.amountKrw,
    currency: 'KRW',
    status: r.status,
    recorded_at: r.recordedAt.toISOString(),
    received_at: r.receivedAt?.toISOString() ?? null,
  };
}
