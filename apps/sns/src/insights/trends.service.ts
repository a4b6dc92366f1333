import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { SnsPlatform, SnsTrendingQuery, SnsTrendingView, UserContext } from '@sf/contracts';
import { Entitlements } from '@sf/entitlements';
import { Jobs } from '@sf/jobs';
import { SnsAccount } from '../accounts/account.entity';
import { AccountsService, ReauthRequired, SNS_PRODUCT } from '../accounts/accounts.service';
import { PlatformAdapters } from '../platforms/platform-adapters';
import { PlatformAuthExpired, PlatformRejected, PlatformUnavailable } from '../platforms/platform-http';
import { QUEUES } from '../shared/queues';
import { SnsEventLog } from '../shared/sns-events';
import { SNS_CONFIG, SnsConfig } from '../sns.config';
import { TrendSnapshot } from './insights.entity';

/** Platforms whose API reports trends. */
const TREND_PLATFORMS: SnsPlatform[] = ['twitter'];

/**
 * Trends: a `poll-trends` job per platform (one pending at a time) snapshots what the platform
 * reports every `trendsIntervalSeconds` (hourly by default), read through any connected account on
 * it; `GET /api/sns/trending` answers the latest snapshot with each topic's growth since the one before.
 */
@Injectable()
export class TrendsService implements OnModuleInit, OnApplicationBootstrap {
  private readonly logger = new Logger('TrendsService');
  private defined = false;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(SNS_CONFIG) private readonly config: SnsConfig,
    private readonly jobs: Jobs,
    private readonly entitlements: Entitlements,
    private readonly accounts: AccountsService,
    private readonly adapters: PlatformAdapters,
    private readonly events: SnsEventLog,
  ) {}

  onModuleInit(): void {
    if (this.defined) return;
    this.defined = true;
    this.jobs.define<{ platform: SnsPlatform }>(QUEUES.pollTrends, (data) => this.poll(data.platform), {
      policy: 'stately',
      retryLimit: 2,
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    for (const platform of TREND_PLATFORMS) {
      // One pending job per platform however many replicas start (stately queue, one key).
      await this.jobs.send(QUEUES.pollTrends, { platform }, { singletonKey: platform }).catch((error: Error) => {
        this.logger.warn({ platform, err: error.message }, 'trend polling not started yet');
      });
    }
  }

  async poll(platform: SnsPlatform): Promise<void> {
    try {
      const account = await this.dataSource
        .getRepository(SnsAccount)
        .findOne({ where: { platform, status: 'connected' }, order: { connectedAt: 'DESC' } });
      const adapter = account ? this.adapters.get(platform) : null;
      if (account && adapter?.trends) {
        const trends = await adapter.trends(await this.accounts.acting(account.id));
        const takenAt = new Date();
        if (trends.length) {
          await this.dataSource
            .getRepository(TrendSnapshot)
            .insert(
              trends
                .slice(0, 50)
                .map((t) => ({ platform, takenAt, name: t.name.slice(0, 200), volume: Math.max(0, Math.round(t.volume)) })),
            );
        }
      }
    } catch (error) {
      if (!(
        error instanceof ReauthRequired ||
        error instanceof PlatformUnavailable ||
        error instanceof PlatformRejected ||
        error instanceof PlatformAuthExpired
      )) {
        throw error;
      }
      this.logger.warn({ platform, err: error.message }, 'trends not read this time');
    }
    await this.jobs.send(
      QUEUES.pollTrends,
      { platform },
      { singletonKey: platform, startAfter: new Date(Date.now() + this.config.trendsIntervalSeconds * 1000) },
    );
  }

  async trending(ctx: UserContext, query: SnsTrendingQuery): Promise<SnsTrendingView> {
    await this.entitlements.require(ctx, SNS_PRODUCT);
    const platform = query.platform ?? 'twitter';
    const times: { taken_at: Date }[] = await this.dataSource.query(
      `SELECT DISTINCT taken_at FROM trend_snapshots WHERE platform = $1 ORDER BY taken_at DESC LIMIT 2`,
      [platform],
    );
    const [latest, previous] = times.map((t) => t.taken_at);
    const rows = latest
      ? await this.dataSource
          .getRepository(TrendSnapshot)
          .find({ where: { platform, takenAt: latest }, order: { volume: 'DESC', name: 'ASC' } })
      : [];
    const before = previous ? await this.dataSource.getRepository(TrendSnapshot).find({ where: { platform, takenAt: previous } }) : [];
    const topics = rows.slice(0, query.limit ?? 10).map((t) => {
      const prior = before.find((b) => b.name === t.name);
      return {
        name: t.name,
        volume: t.volume,
        growth_rate: prior && prior.volume > 0 ? Math.round(((t.volume - prior.volume) / prior.volume) * 10_000) / 100 : null,
      };
    });
    return {
      platform,
      trending_topics: topics.map((t) => t.name),
      volume: topics.map((t) => t.volume),
      growth_rate: topics.map((t) => t.growth_rate),
      topics,
      taken_at: latest?.toISOString() ?? null,
    };
  }
}
