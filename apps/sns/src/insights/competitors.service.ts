import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import {
  CompetitorAnalysisView,
  CompetitorListView,
  CompetitorView,
  CreateCompetitorDto,
  listView,
  PageQuery,
  resolvePage,
  UserContext,
} from '@sf/contracts';
import { Entitlements } from '@sf/entitlements';
import { Conflict, NotFound, ValidationFailed } from '@sf/errors';
import { SnsAccount } from '../accounts/account.entity';
import { AccountsService, ReauthRequired, SNS_PRODUCT } from '../accounts/accounts.service';
import type { ActingAccount } from '../platforms/platform-adapter';
import { platformLabel } from '../platforms/platform-http';
import { SnsCompetitor } from './insights.entity';

/** Tracked public accounts, looked up at the platform through one of the user's own accounts. */
@Injectable()
export class CompetitorsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly entitlements: Entitlements,
    private readonly accounts: AccountsService,
  ) {}

  async create(ctx: UserContext, dto: CreateCompetitorDto): Promise<CompetitorView> {
    await this.entitlements.require(ctx, SNS_PRODUCT);
    const username = dto.username.replace(/^@/, '');
    const acting = await this.actingOn(ctx.user_id, dto.platform);
    const profile = await this.accounts.adapterFor(dto.platform).publicProfile(acting, username);
    if (!profile) throw new ValidationFailed({ username: [`no public ${platformLabel(dto.platform)} account is called ${username}`] });
    const repo = this.dataSource.getRepository(SnsCompetitor);
    if (await repo.findOneBy({ userId: ctx.user_id, platform: dto.platform, platformUserId: profile.id })) {
      throw new Conflict('You already track this account', { username: profile.username });
    }
    const saved = await repo.save(
      repo.create({
        userId: ctx.user_id,
        platform: dto.platform,
        username: profile.username,
        platformUserId: profile.id,
        followersAtStart: profile.followers,
      }),
    );
    return this.view(saved, profile.followers);
  }

  async list(ctx: UserContext, query: PageQuery): Promise<CompetitorListView> {
    await this.entitlements.require(ctx, SNS_PRODUCT);
    const page = resolvePage(query);
    const [rows, total] = await this.dataSource
      .getRepository(SnsCompetitor)
      .findAndCount({ where: { userId: ctx.user_id }, order: { createdAt: 'DESC', id: 'ASC' }, skip: page.offset, take: page.limit });
    return listView(
      'competitors',
      rows.map((c) => this.view(c, c.followersAtStart)),
      total,
      page,
    );
  }

  async delete(ctx: UserContext, id: string): Promise<void> {
    await this.entitlements.require(ctx, SNS_PRODUCT);
    const c = await this.findOwned(ctx.user_id, id);
    await this.dataSource.getRepository(SnsCompetitor).delete({ id: c.id });
  }

  /** Read at the platform now (503 when it is down). */
  async analysis(ctx: UserContext, id: string): Promise<CompetitorAnalysisView> {
    await this.entitlements.require(ctx, SNS_PRODUCT);
    const c = await this.findOwned(ctx.user_id, id);
    const acting = await this.actingOn(ctx.user_id, c.platform);
    const profile = await this.accounts.adapterFor(c.platform).publicProfile(acting, c.username);
    if (!profile) throw new NotFound('Competitor account');
    const posts = profile.recentPosts.map((p) => ({
      id: p.id,
      text: p.text,
      likes: p.likes,
      comments: p.comments,
      engagement: p.likes + p.comments,
      created_at: p.createdAt,
    }));
    const times = posts.map((p) => new Date(p.created_at).getTime()).sort((a, b) => a - b);
    const spanWeeks = times.length >= 2 ? (times[times.length - 1] - times[0]) / (7 * 86_400_000) : 0;
    return {
      competitor_id: c.id,
      platform: c.platform,
      username: profile.username,
      follower_count: profile.followers,
      avg_engagement: posts.length ? Math.round((posts.reduce((s, p) => s + p.engagement, 0) / posts.length) * 10) / 10 : null,
      posting_frequency: times.length >= 2 ? Math.round((times.length / Math.max(spanWeeks, 1 / 7)) * 10) / 10 : null,
      follower_change: profile.followers - c.followersAtStart,
      top_posts: [...posts].sort((a, b) => b.engagement - a.engagement).slice(0, 5),
    };
  }

  private async actingOn(userId: string, platform: CreateCompetitorDto['platform']): Promise<ActingAccount> {
    const account = await this.dataSource
      .getRepository(SnsAccount)
      .findOne({ where: { userId, platform, status: 'connected' }, order: { connectedAt: 'DESC' } });
    if (!account) throw new ValidationFailed({ platform: [`connect a ${platformLabel(platform)} account first: lookups go through it`] });
    try {
      return await this.accounts.acting(account.id);
    } catch (error) {
      if (error instanceof ReauthRequired)
        throw new ValidationFailed({ platform: [`your ${platformLabel(platform)} account must be connected again`] });
      throw error;
    }
  }

  private async findOwned(userId: string, id: string): Promise<SnsCompetitor> {
    const c = await this.dataSource.getRepository(SnsCompetitor).findOneBy({ id });
    if (!c || c.userId !== userId) throw new NotFound('Competitor');
    return c;
  }

  private view(c: SnsCompetitor, followers: number): CompetitorView {
    return {
      id: c.id,
      competitor_id: c.id,
      platform: c.platform,
      username: c.username,
      platform_user_id: c.platformUserId,
      follower_count: followers,
      created_at: c.createdAt.toISOString(),
    };
  }
}
