import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, IsNull } from 'typeorm';
import {
  CallerContext,
  CampaignApplicantListView,
  CampaignApplicantQuery,
  CampaignListQuery,
  CampaignListView,
  CampaignView,
  CreateCampaignDto,
  listView,
  parseDateTime,
  ReviewCampaignCreatedData,
  resolvePage,
  resolveSort,
  UpdateCampaignDto,
  UserContext,
} from '@sf/contracts';
import { Entitlements } from '@sf/entitlements';
import { Conflict, NotFound, Unauthorized, ValidationFailed } from '@sf/errors';
import { ReviewEvents } from '../shared/review-events';
import { Campaign } from './campaign.entity';
import { inTransaction } from '@sf/idempotency';

/** The campaign as it stands, for `campaign.created` and `campaign.updated`. */
function campaignEventData(campaign: Campaign): ReviewCampaignCreatedData {
  return {
    campaign_id: campaign.id,
    owner_id: campaign.ownerId,
    title: campaign.title,
    category: campaign.category,
    reward_type: campaign.rewardType,
    reward_value: campaign.rewardValue,
    max_reviewers: campaign.maxReviewers,
    deadline: campaign.deadline.toISOString(),
    product_name: campaign.productName,
    description: campaign.description,
    status: campaign.status,
    created_at: campaign.createdAt.toISOString(),
    updated_at: campaign.updatedAt.toISOString(),
  };
}

/** Statuses that hold one of a campaign's `max_reviewers` spots. */
export const SPOT_HOLDING = ['selected', 'review_submitted', 'completed'] as const;

const SORT_COLUMNS: Record<string, string> = { created_at: 'c.created_at', deadline: 'c.deadline', reward_value: 'c.reward_value' };

interface CampaignCounts {
  applications: number;
  approved: number;
}

/** Campaigns brands host: anyone reads them; their owner (a product 3 subscriber) runs them. */
@Injectable()
export class CampaignsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly entitlements: Entitlements,
    private readonly events: ReviewEvents,
  ) {}

  async create(ctx: UserContext, dto: CreateCampaignDto): Promise<CampaignView> {
    await this.entitlements.require(ctx, 'review-campaign');
    const deadline = this.futureDeadline(dto.deadline);
    return inTransaction(this.dataSource, async (manager) => {
      const campaign = await manager.save(
        Campaign,
        manager.create(Campaign, {
          ownerId: ctx.user_id,
          title: dto.title.trim(),
          productName: dto.product_name.trim(),
          category: dto.category,
          rewardType: dto.reward_type,
          rewardValue: dto.reward_value,
          maxReviewers: dto.max_reviewers,
          deadline,
          description: dto.description ?? null,
        }),
      );
      await this.events.record(manager, 'campaign.created', campaign.id, campaignEventData(campaign));
      return this.view(campaign, { applications: 0, approved: 0 });
    });
  }

  async list(ctx: CallerContext, query: CampaignListQuery): Promise<CampaignListView> {
    const page = resolvePage(query);
    const sort = resolveSort(query, { field: 'created_at', direction: 'DESC' });
    const qb = this.dataSource.getRepository(Campaign).createQueryBuilder('c').where('c.removed_at IS NULL');
    if (query.category) qb.andWhere('c.category = :category', { category: query.category });
    if (query.status) qb.andWhere('c.status = :status', { status: query.status });
    if (query.owner === 'me') {
      if (!ctx.user_id) throw new Unauthorized();
      qb.andWhere('c.owner_id = :owner', { owner: ctx.user_id });
    }
    qb.orderBy(SORT_COLUMNS[sort.field], sort.direction).addOrderBy('c.id', 'ASC').skip(page.offset).take(page.limit);
    const [rows, total] = await qb.getManyAndCount();
    const counts = await this.counts(
      this.dataSource.manager,
      rows.map((r) => r.id),
    );
    return listView(
      'campaigns',
      rows.map((c) => this.view(c, counts.get(c.id))),
      total,
      page,
    );
  }

  async get(id: string): Promise<CampaignView> {
    const campaign = await this.dataSource.getRepository(Campaign).findOneBy({ id, removedAt: IsNull() });
    if (!campaign) throw new NotFound('Campaign');
    return this.view(campaign, (await this.counts(this.dataSource.manager, [id])).get(id));
  }

  async update(ctx: UserContext, id: string, dto: UpdateCampaignDto): Promise<CampaignView> {
    await this.entitlements.require(ctx, 'review-campaign');
    return inTransaction(this.dataSource, async (manager) => {
      const campaign = await this.ownLocked(manager, ctx, id);
      const counts = (await this.counts(manager, [id])).get(id) ?? { applications: 0, approved: 0 };
      if (dto.max_reviewers !== undefined && dto.max_reviewers < counts.approved) {
        throw new Conflict(`${counts.approved} reviewers are already approved`, { max_reviewers: dto.max_reviewers });
      }
      if (dto.deadline !== undefined) campaign.deadline = this.futureDeadline(dto.deadline);
      if (dto.title !== undefined) campaign.title = dto.title.trim();
      if (dto.product_name !== undefined) campaign.productName = dto.product_name.trim();
      if (dto.category !== undefined) campaign.category = dto.category;
      if (dto.reward_type !== undefined) campaign.rewardType = dto.reward_type;
      if (dto.reward_value !== undefined) campaign.rewardValue = dto.reward_value;
      if (dto.max_reviewers !== undefined) campaign.maxReviewers = dto.max_reviewers;
      if (dto.description !== undefined) campaign.description = dto.description;
      if (dto.status !== undefined) campaign.status = dto.status;
      await manager.save(Campaign, campaign);
      await this.events.record(manager, 'campaign.updated', campaign.id, campaignEventData(campaign));
      return this.view(campaign, counts);
    });
  }

  async remove(ctx: UserContext, id: string): Promise<void> {
    await this.entitlements.require(ctx, 'review-campaign');
    await inTransaction(this.dataSource, async (manager) => {
      const campaign = await this.ownLocked(manager, ctx, id);
      const counts = (await this.counts(manager, [id])).get(id);
      if (counts && counts.approved > 0) throw new Conflict('Reviewers were approved for this campaign: close it instead');
      await manager.query(`DELETE FROM applications WHERE campaign_id = $1`, [campaign.id]);
      await manager.delete(Campaign, { id: campaign.id });
      await this.events.record(manager, 'campaign.deleted', campaign.id, {
        campaign_id: campaign.id,
        owner_id: campaign.ownerId,
        deleted_at: new Date().toISOString(),
      });
    });
  }

  /** The owner's view of the applications: names from the user projection, followers from the account. */
  async applicants(ctx: UserContext, id: string, query: CampaignApplicantQuery): Promise<CampaignApplicantListView> {
    const campaign = await this.dataSource.getRepository(Campaign).findOneBy({ id, ownerId: ctx.user_id });
    if (!campaign) throw new NotFound('Campaign');
    const page = resolvePage(query);
    const params: unknown[] = [campaign.id];
    let filter = `a.status <> 'withdrawn'`;
    if (query.status) {
      params.push(query.status);
      filter = `a.status = $${params.length}`;
    }
    const [{ total }] = (await this.dataSource.query(
      `SELECT count(*)::int AS total FROM applications a WHERE a.campaign_id = $1 AND ${filter}`,
      params,
    )) as { total: number }[];
    const rows = (await this.dataSource.query(
      `SELECT a.id, a.campaign_id, a.user_id, COALESCE(u.name, '') AS user_name, a.account_id,
              acc.platform AS account_platform, acc.account_name, acc.follower_count, a.status, a.message,
              a.review_url, a.applied_at
         FROM applications a
         JOIN accounts acc ON acc.id = a.account_id
         LEFT JOIN user_profiles u ON u.user_id = a.user_id
        WHERE a.campaign_id = $1 AND ${filter}
        ORDER BY a.applied_at ASC, a.id ASC
        LIMIT ${page.limit} OFFSET ${page.offset}`,
      params,
    )) as {
      id: string;
      campaign_id: string;
      user_id: string;
      user_name: string;
      account_id: string;
      account_platform: string;
      account_name: string;
      follower_count: number;
      status: CampaignApplicantListView['applications'][number]['status'];
      message: string | null;
      review_url: string | null;
      applied_at: Date;
    }[];
    return listView(
      'applications',
      rows.map((r) => ({ ...r, application_id: r.id, applied_at: r.applied_at.toISOString() })),
      total,
      page,
    );
  }

  /** Counts per campaign: applications not withdrawn, and those holding a spot. */
  async counts(manager: EntityManager, ids: string[]): Promise<Map<string, CampaignCounts>> {
    if (ids.length === 0) return new Map();
    const rows = (await manager.query(
      `SELECT campaign_id, count(*) FILTER (WHERE status <> 'withdrawn')::int AS applications,
              count(*) FILTER (WHERE status = ANY($2))::int AS approved
         FROM applications WHERE campaign_id = ANY($1) GROUP BY campaign_id`,
      [ids, SPOT_HOLDING],
    )) as { campaign_id: string; applications: number; approved: number }[];
    return new Map(rows.map((r) => [r.campaign_id, { applications: r.applications, approved: r.approved }]));
  }

  private async ownLocked(manager: EntityManager, ctx: UserContext, id: string): Promise<Campaign> {
    const campaign = await manager.findOne(Campaign, {
      where: { id, ownerId: ctx.user_id, removedAt: IsNull() },
      lock: { mode: 'pessimistic_write' },
    });
    if (!campaign) throw new NotFound('Campaign');
    return campaign;
  }

  /**
   * A moderator removed the campaign (admin's `moderation.content.removed`): it closes and is
   * hidden from every list and detail; `campaign.updated` tells the read models it is closed.
   */
  async removeByModerator(manager: EntityManager, id: string, at: Date): Promise<void> {
    const campaign = await manager.findOne(Campaign, { where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!campaign || campaign.removedAt) return;
    campaign.removedAt = at;
    campaign.status = 'closed';
    const saved = await manager.save(Campaign, campaign);
    await this.events.record(manager, 'campaign.updated', saved.id, campaignEventData(saved));
  }

  private futureDeadline(value: string): Date {
    const deadline = parseDateTime(value);
    if (!deadline) throw new ValidationFailed({ deadline: ['is not a valid date and time'] });
    if (deadline.getTime() <= Date.now()) throw new ValidationFailed({ deadline: ['must be in the future'] });
    return deadline;
  }

  view(c: Campaign, counts: CampaignCounts = { applications: 0, approved: 0 }): CampaignView {
    return {
      id: c.id,
      campaign_id: c.id,
      owner_id: c.ownerId,
      title: c.title,
      product_name: c.productName,
      category: c.category,
      reward_type: c.rewardType,
      reward_value: c.rewardValue,
      max_reviewers: c.maxReviewers,
      deadline: c.deadline.toISOString(),
      description: c.description,
      status: c.status,
      applications_count: counts.applications,
      approved_count: counts.approved,
      spots_available: Math.max(0, c.maxReviewers - counts.approved),
      created_at: c.createdAt.toISOString(),
      updated_at: c.updatedAt.toISOString(),
    };
  }
}
