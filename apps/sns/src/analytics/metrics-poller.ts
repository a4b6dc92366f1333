import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Jobs } from '@sf/jobs';
import { SnsAccount } from '../accounts/account.entity';
import { AccountsService, ReauthRequired } from '../accounts/accounts.service';
import { PlatformAuthExpired, PlatformRejected, PlatformUnavailable } from '../platforms/platform-http';
import { SnsPostTarget } from '../posts/post.entity';
import { SnsEventLog } from '../shared/sns-events';
import { SNS_CONFIG, SnsConfig } from '../sns.config';
import { FollowerCount, MetricSnapshot } from './snapshot.entity';

import { QUEUES } from '../shared/queues';
import { inTransaction } from '@sf/idempotency';

const POLL_TARGET_QUEUE = QUEUES.pollTarget;
const POLL_ACCOUNT_QUEUE = QUEUES.pollAccount;

/**
 * The metrics poller: every published target and every connected account has one pending job
 * (pg-boss, one per key) that reads the platform and schedules the next read `metricsIntervalSeconds`
 * later, for `metricsWindowDays` after publishing. Each read of a target stores a snapshot; each read
 * of an account stores the day's follower count. A platform that is down is read again next time.
 */
@Injectable()
export class MetricsPoller implements OnModuleInit {
  private readonly logger = new Logger('MetricsPoller');
  private defined = false;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(SNS_CONFIG) private readonly config: SnsConfig,
    private readonly jobs: Jobs,
    private readonly accounts: AccountsService,
    private readonly events: SnsEventLog,
  ) {}

  onModuleInit(): void {
    if (this.defined) return;
    this.defined = true;
    this.jobs.define<{ targetId: string }>(POLL_TARGET_QUEUE, (data) => this.pollTarget(data.targetId), {
      policy: 'stately',
      retryLimit: 2,
    });
    this.jobs.define<{ accountId: string }>(POLL_ACCOUNT_QUEUE, (data) => this.pollAccount(data.accountId), {
      policy: 'stately',
      retryLimit: 2,
    });
  }

  /** Starts polling a target (first read one interval from now), in the caller's transaction. */
  async watchTarget(targetId: string, manager?: EntityManager): Promise<void> {
    await this.jobs.send(POLL_TARGET_QUEUE, { targetId }, { singletonKey: targetId, startAfter: this.next(), manager });
  }

  /** Starts polling an account's followers (first read now). */
  async watchAccount(accountId: string, manager?: EntityManager): Promise<void> {
    await this.jobs.send(POLL_ACCOUNT_QUEUE, { accountId }, { singletonKey: accountId, manager });
  }

  async pollTarget(targetId: string): Promise<void> {
    const target = await this.dataSource.getRepository(SnsPostTarget).findOneBy({ id: targetId });
    if (!target || target.status !== 'published' || !target.externalId || !target.publishedAt) return;
    if (Date.now() - target.publishedAt.getTime() > this.config.metricsWindowDays * 86_400_000) return;
    try {
      const account = await this.accounts.acting(target.accountId);
      const m = await this.accounts.adapterFor(target.platform).metrics(account, target.externalId);
      await inTransaction(this.dataSource, async (manager) => {
        const previous = await manager.findOne(MetricSnapshot, { where: { targetId: target.id }, order: { takenAt: 'DESC', id: 'DESC' } });
        const snapshot = await manager.save(
          MetricSnapshot,
          manager.create(MetricSnapshot, {
            targetId: target.id,
            postId: target.postId,
            userId: target.userId,
            platform: target.platform,
            likes: m.likes,
            comments: m.comments,
            shares: m.shares,
            reach: m.reach,
            impressions: m.impressions,
          }),
        );
        await this.announce(manager, target, previous, snapshot);
      });
    } catch (error) {
      if (error instanceof ReauthRequired) return; // polled again once the account is connected
      if (!(error instanceof PlatformUnavailable || error instanceof PlatformRejected || error instanceof PlatformAuthExpired)) throw error;
      this.logger.warn({ target_id: target.id, platform: target.platform, err: error.message }, 'metrics not read this time');
    }
    await this.watchTarget(target.id);
  }

  async pollAccount(accountId: string): Promise<void> {
    const account = await this.dataSource.getRepository(SnsAccount).findOneBy({ id: accountId });
    if (!account || account.status !== 'connected') return;
    try {
      const acting = await this.accounts.acting(account.id);
      const profile = await this.accounts.adapterFor(account.platform).profile(acting.accessToken);
      if (profile.followers !== null) {
        await this.dataSource.query(
          `INSERT INTO follower_counts (account_id, day, user_id, platform, followers) VALUES ($1, (now() AT TIME ZONE 'UTC')::date, $2, $3, $4)
           ON CONFLICT (account_id, day) DO UPDATE SET followers = EXCLUDED.followers`,
          [account.id, account.userId, account.platform, profile.followers],
        );
        await this.dataSource.getRepository(SnsAccount).update({ id: account.id }, { followersCount: profile.followers });
      }
    } catch (error) {
      if (error instanceof ReauthRequired) return;
      if (!(error instanceof PlatformUnavailable || error instanceof PlatformRejected || error instanceof PlatformAuthExpired)) throw error;
      this.logger.warn({ account_id: account.id, platform: account.platform, err: error.message }, 'followers not read this time');
    }
    await this.jobs.send(POLL_ACCOUNT_QUEUE, { accountId }, { singletonKey: accountId, startAfter: this.next() });
  }

  /** The changes since the previous snapshot, as events in the snapshot's transaction. */
  private async announce(
    manager: EntityManager,
    target: SnsPostTarget,
    previous: MetricSnapshot | null,
    now: MetricSnapshot,
  ): Promise<void> {
    const base = { post_id: target.postId, target_id: target.id, user_id: target.userId, platform: target.platform };
    const was = previous ?? { likes: 0, comments: 0, shares: 0, reach: 0, impressions: 0 };
    const changed = (['likes', 'comments', 'shares', 'reach', 'impressions'] as const).some((k) => now[k] !== was[k]);
    if (!changed) return;
    const metrics = { likes: now.likes, comments: now.comments, shares: now.shares, reach: now.reach, impressions: now.impressions };
    await this.events.record(manager, 'analytics.updated', target.postId, { ...base, metrics, taken_at: now.takenAt.toISOString() });
    if (now.likes > was.likes)
      await this.events.record(manager, 'engagement.liked', target.postId, { ...base, added: now.likes - was.likes, total: now.likes });
    if (now.comments > was.comments) {
      await this.events.record(manager, 'engagement.commented', target.postId, {
        ...base,
        added: now.comments - was.comments,
        total: now.comments,
      });
    }
    if (now.shares > was.shares)
      await this.events.record(manager, 'engagement.shared', target.postId, { ...base, added: now.shares - was.shares, total: now.shares });
  }

  private next(): Date {
    return new Date(Date.now() + this.config.metricsIntervalSeconds * 1000);
  }
}

export { FollowerCount };
