import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import {
  SnsCampaignListQuery,
  SnsCampaignListView,
  SnsCampaignView,
  CreateSnsCampaignDto,
  listView,
  resolvePage,
  RoiQuery,
  RoiView,
  UpdateSnsCampaignDto,
  UserContext,
} from '@sf/contracts';
import { Entitlements } from '@sf/entitlements';
import { Conflict, NotFound, ValidationFailed } from '@sf/errors';
import { SNS_PRODUCT } from '../accounts/accounts.service';
import { SnsEventLog } from '../shared/sns-events';
import { SnsCampaign } from './campaign.entity';
import { inTransaction } from '@sf/idempotency';

const num = (v: string | null): number | null => (v === null ? null : Number(v));

/** ROI in percent, to two places; null without spend (never a made-up cost). */
export function roiPercentage(spend: number | null, revenue: number | null): number | null {
  if (!spend) return null;
  return Math.round((((revenue ?? 0) - spend) / spend) * 10_000) / 100;
}

/** Campaigns: CRUD, pause and resume, completion (its event), and the ROI over them. */
@Injectable()
export class CampaignsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly entitlements: Entitlements,
    private readonly events: SnsEventLog,
  ) {}

  async create(ctx: UserContext, dto: CreateSnsCampaignDto): Promise<SnsCampaignView> {
    await this.entitlements.require(ctx, SNS_PRODUCT);
    checkDates(dto.start_date, dto.end_date);
    const repo = this.dataSource.getRepository(SnsCampaign);
    const campaign = await repo.save(
      repo.create({
        userId: ctx.user_id,
        name: dto.name,
        description: dto.description ?? null,
        campaignType: dto.campaign_type ?? null,
        platforms: dto.platforms ?? [],
        startDate: dto.start_date ?? null,
        endDate: dto.end_date ?? null,
        budgetKrw: dto.budget_krw?.toString() ?? null,
        spendKrw: dto.spend_krw?.toString() ?? null,
        revenueKrw: dto.revenue_krw?.toString() ?? null,
        status: 'active',
      }),
    );
    return this.view(campaign);
  }

  async list(ctx: UserContext, query: SnsCampaignListQuery): Promise<SnsCampaignListView> {
    await this.entitlements.require(ctx, SNS_PRODUCT);
    const page = resolvePage(query);
    const [campaigns, total] = await this.dataSource.getRepository(SnsCampaign).findAndCount({
      where: { userId: ctx.user_id, ...(query.status ? { status: query.status } : {}) },
      order: { createdAt: 'DESC', id: 'ASC' },
      skip: page.offset,
      take: page.limit,
    });
    const views = [];
    for (const c of campaigns) views.push(await this.view(c));
    return listView('campaigns', views, total, page);
  }

  async get(ctx: UserContext, id: string): Promise<SnsCampaignView> {
    await this.entitlements.require(ctx, SNS_PRODUCT);
    return this.view(await this.findOwned(ctx.user_id, id));
  }

  async update(ctx: UserContext, id: string, dto: UpdateSnsCampaignDto): Promise<SnsCampaignView> {
    await this.entitlements.require(ctx, SNS_PRODUCT);
    return inTransaction(this.dataSource, async (manager) => {
      const campaign = await manager.findOne(SnsCampaign, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!campaign || campaign.userId !== ctx.user_id) throw new NotFound('Campaign');
      if (campaign.status === 'completed') throw new Conflict('The campaign is completed', { campaign_id: id });
      if (dto.name !== undefined) campaign.name = dto.name;
      if (dto.description !== undefined) campaign.description = dto.description;
      if (dto.campaign_type !== undefined) campaign.campaignType = dto.campaign_type;
      if (dto.platforms !== undefined) campaign.platforms = dto.platforms;
      if (dto.start_date !== undefined) campaign.startDate = dto.start_date;
      if (dto.end_date !== undefined) campaign.endDate = dto.end_date;
      checkDates(campaign.startDate ?? undefined, campaign.endDate ?? undefined);
      if (dto.budget_krw !== undefined) campaign.budgetKrw = dto.budget_krw?.toString() ?? null;
      if (dto.spend_krw !== undefined) campaign.spendKrw = dto.spend_krw?.toString() ?? null;
      if (dto.revenue_krw !== undefined) campaign.revenueKrw = dto.revenue_krw?.toString() ?? null;
      if (dto.status === 'completed') {
        campaign.status = 'completed';
        campaign.completedAt = new Date();
        await this.events.record(manager, 'campaign.completed', campaign.id, {
          campaign_id: campaign.id,
          user_id: campaign.userId,
          name: campaign.name,
          spend_krw: num(campaign.spendKrw),
          revenue_krw: num(campaign.revenueKrw),
          roi_percentage: roiPercentage(num(campaign.spendKrw), num(campaign.revenueKrw)),
          completed_at: campaign.completedAt.toISOString(),
        });
      }
      await manager.save(SnsCampaign, campaign);
      return this.view(campaign);
    });
  }

  async delete(ctx: UserContext, id: string): Promise<void> {
    await this.entitlements.require(ctx, SNS_PRODUCT);
    const campaign = await this.findOwned(ctx.user_id, id);
    await this.dataSource.getRepository(SnsCampaign).delete({ id: campaign.id });
  }

  async setPaused(ctx: UserContext, id: string, paused: boolean): Promise<SnsCampaignView> {
    await this.entitlements.require(ctx, SNS_PRODUCT);
    const campaign = await this.findOwned(ctx.user_id, id);
    const from = paused ? 'active' : 'paused';
    if (campaign.status !== from)
      throw new Conflict(`Only a ${from} campaign can be ${paused ? 'paused' : 'resumed'}`, { status: campaign.status });
    campaign.status = paused ? 'paused' : 'active';
    await this.dataSource.getRepository(SnsCampaign).save(campaign);
    return this.view(campaign);
  }

  async roi(ctx: UserContext, query: RoiQuery): Promise<RoiView> {
    await this.entitlements.require(ctx, SNS_PRODUCT);
    const qb = this.dataSource.getRepository(SnsCampaign).createQueryBuilder('c').where('c.user_id = :userId', { userId: ctx.user_id });
    if (query.campaign_type) qb.andWhere('c.campaign_type = :type', { type: query.campaign_type });
    if (query.start_date) qb.andWhere('(c.end_date IS NULL OR c.end_date >= :from)', { from: query.start_date });
    if (query.end_date) qb.andWhere('(c.start_date IS NULL OR c.start_date <= :to)', { to: query.end_date });
    const campaigns = await qb.orderBy('c.created_at', 'ASC').getMany();
    const spend = campaigns.reduce((sum, c) => sum + (num(c.spendKrw) ?? 0), 0);
    const revenue = campaigns.reduce((sum, c) => sum + (num(c.revenueKrw) ?? 0), 0);
    return {
      total_revenue_krw: revenue,
      total_spend_krw: spend,
      roi_percentage: roiPercentage(spend, revenue),
      roas: spend ? Math.round((revenue / spend) * 100) / 100 : null,
      campaigns_counted: campaigns.length,
      campaigns: campaigns.map((c) => ({
        campaign_id: c.id,
        name: c.name,
        spend_krw: num(c.spendKrw),
        revenue_krw: num(c.revenueKrw),
        roi_percentage: roiPercentage(num(c.spendKrw), num(c.revenueKrw)),
      })),
    };
  }

  private async findOwned(userId: string, id: string): Promise<SnsCampaign> {
    const campaign = await this.dataSource.getRepository(SnsCampaign).findOneBy({ id });
    if (!campaign || campaign.userId !== userId) throw new NotFound('Campaign');
    return campaign;
  }

  private async view(c: SnsCampaign): Promise<SnsCampaignView> {
    const [{ count }] = await this.dataSource.query(`SELECT count(*)::int AS count FROM posts WHERE campaign_id = $1`, [c.id]);
    return {
      id: c.id,
      campaign_id: c.id,
      name: c.name,
      description: c.description,
      campaign_type: c.campaignType,
      status: c.status,
      platforms: c.platforms,
      start_date: c.startDate,
      end_date: c.endDate,
      budget_krw: num(c.budgetKrw),
      spend_krw: num(c.spendKrw),
      revenue_krw: num(c.revenueKrw),
      roi_percentage: roiPercentage(num(c.spendKrw), num(c.revenueKrw)),
      posts_count: count,
      completed_at: c.completedAt?.toISOString() ?? null,
      created_at: c.createdAt.toISOString(),
      updated_at: c.updatedAt.toISOString(),
    };
  }
}

function checkDates(start?: string, end?: string): void {
  if (start && end && end < start) throw new ValidationFailed({ end_date: ['must not be before start_date'] });
}
