import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import {
  ApplicationListQuery,
  ApplicationListView,
  ApplicationStatusView,
  ApplicationView,
  CreateApplicationDto,
  listView,
  resolvePage,
  resolveSort,
  UserContext,
} from '@sf/contracts';
import { Conflict, NotFound, ServiceUnavailable, ValidationFailed } from '@sf/errors';
import { ReviewAccount } from '../accounts/account.entity';
import { AccountsService } from '../accounts/accounts.service';
import { TokenCipher } from '../accounts/token-cipher';
import { Campaign } from '../campaigns/campaign.entity';
import { SPOT_HOLDING } from '../campaigns/campaigns.service';
import { Listing } from '../listings/listing.entity';
import { ReviewEvents } from '../shared/review-events';
import { LISTING_SOURCES, ListingSource } from '../sources/listing-source';
import { SourceError } from '../sources/source-http';
import { Application } from './application.entity';
import { applicationEventData, toApplicationView } from './application.view';
import { inTransaction } from '@sf/idempotency';

const SORT_COLUMNS: Record<string, string> = {
  applied_at: 'a.applied_at',
  updated_at: 'a.updated_at',
  status: 'a.status',
  reward_krw: 'a.reward_krw',
};

/** Why a listing takes no application now, or null when it does. */
export function listingRefusal(listing: Listing, now = new Date()): string | null {
  if (listing.status !== 'open') return 'The listing is closed';
  if (listing.deadline && listing.deadline.getTime() <= now.getTime()) return 'The listing is past its deadline';
  if (listing.maxApplicants !== null && listing.applicantCount !== null && listing.applicantCount >= listing.maxApplicants) {
    return 'The listing is full';
  }
  return null;
}

/** Applying and reading applications; the lifecycle after that is ApplicationLifecycleService's. */
@Injectable()
export class ApplicationsService {
  private readonly logger = new Logger(ApplicationsService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly accounts: AccountsService,
    private readonly cipher: TokenCipher,
    private readonly events: ReviewEvents,
    @Inject(LISTING_SOURCES) private readonly sources: ListingSource[],
  ) {}

  async create(ctx: UserContext, dto: CreateApplicationDto): Promise<ApplicationView> {
    if (dto.listing_id && dto.campaign_id) throw new ValidationFailed({ campaign_id: ['give listing_id or campaign_id, not both'] });
    const account = await this.accounts.own(ctx, dto.account_id);
    if (dto.campaign_id) return this.applyToCampaign(ctx, account, dto.campaign_id, dto.message ?? null);
    const listing = await this.dataSource.getRepository(Listing).findOneBy({ id: dto.listing_id });
    if (!listing) throw new NotFound('Listing');
    const application = await this.applyToListing(account, listing, dto.message ?? null, null);
    if (!application) throw new Conflict('This account already applied to this listing', { listing_id: listing.id });
    return toApplicationView(application);
  }

  /**
   * Applies `account` to `listing`: the row claims the (listing, account) pair first, so a second
   * attempt (a concurrent auto-apply run included) finds it taken and answers null. Where the
   * platform has an API the application goes out in the same transaction: refused, nothing stays.
   */
  async applyToListing(
    account: ReviewAccount,
    listing: Listing,
    message: string | null,
    ruleId: string | null,
  ): Promise<Application | null> {
    const refusal = listingRefusal(listing);
    if (refusal) throw new Conflict(refusal, { listing_id: listing.id });
    const source = this.sources.find((s) => s.platform === listing.sourcePlatform);
    const viaApi = !!source?.acceptsApplications && !!source.apply;
    return inTransaction(this.dataSource, async (manager) => {
      const inserted = (await manager.query(
        `INSERT INTO applications (user_id, account_id, listing_id, source_platform, title, category, status, submission,
                                   listing_url, reward_krw, message, auto_apply_rule_id)
         VALUES ($1, $2, $3, $4, $5, $6, 'pending', $7, $8, $9, $10, $11)
         ON CONFLICT (listing_id, account_id) WHERE listing_id IS NOT NULL DO NOTHING
         RETURNING id`,
        [
          account.userId,
          account.id,
          listing.id,
          listing.sourcePlatform,
          listing.title,
          listing.category,
          viaApi ? 'api' : 'manual',
          listing.url,
          listing.rewardKrw,
          message,
          ruleId,
        ],
      )) as { id: string }[];
      if (inserted.length === 0) return null;
      const application = await manager.findOneByOrFail(Application, { id: inserted[0].id });
      if (viaApi && source?.apply) {
        try {
          const sent = await source.apply({
            externalId: listing.externalId,
            accountPlatform: account.platform,
            accountName: account.accountName,
            authToken: this.cipher.decrypt(account.authTokenEncrypted),
            message,
          });
          application.externalApplicationId = sent.externalApplicationId;
          await manager.update(Application, { id: application.id }, { externalApplicationId: sent.externalApplicationId });
        } catch (error) {
          if (!(error instanceof SourceError)) throw error;
          this.logger.warn(
            { listing_id: listing.id, platform: listing.sourcePlatform, reason: error.message },
            'platform refused an application',
          );
          if (/closed or full/.test(error.message)) throw new Conflict(error.message, { listing_id: listing.id });
          throw new ServiceUnavailable(`${source.name} did not take the application: ${error.message}`);
        }
      }
      // Until the next scrape says otherwise, the listing counts this application too.
      await manager.query(`UPDATE listings SET applicant_count = applicant_count + 1 WHERE id = $1 AND applicant_count IS NOT NULL`, [
        listing.id,
      ]);
      await this.events.record(manager, 'application.created', application.id, applicationEventData(application));
      return application;
    });
  }

  private async applyToCampaign(
    ctx: UserContext,
    account: ReviewAccount,
    campaignId: string,
    message: string | null,
  ): Promise<ApplicationView> {
    return inTransaction(this.dataSource, async (manager) => {
      // Shares the campaign's lock with approvals: "full" is read against committed approvals.
      const campaign = await manager.findOne(Campaign, { where: { id: campaignId }, lock: { mode: 'pessimistic_read' } });
      if (!campaign || campaign.removedAt) throw new NotFound('Campaign');
      if (campaign.ownerId === ctx.user_id) throw new ValidationFailed({ campaign_id: ['is your own campaign'] });
      if (campaign.status !== 'open') throw new Conflict('The campaign is closed', { campaign_id: campaign.id });
      if (campaign.deadline.getTime() <= Date.now()) throw new Conflict('The campaign is past its deadline', { campaign_id: campaign.id });
      const [{ approved }] = (await manager.query(
        `SELECT count(*)::int AS approved FROM applications WHERE campaign_id = $1 AND status = ANY($2)`,
        [campaign.id, SPOT_HOLDING],
      )) as { approved: number }[];
      if (approved >= campaign.maxReviewers) throw new Conflict('The campaign is full', { campaign_id: campaign.id });
      const inserted = (await manager.query(
        `INSERT INTO applications (user_id, account_id, campaign_id, campaign_owner_id, source_platform, title, category, status,
                                   submission, reward_krw, message)
         VALUES ($1, $2, $3, $4, 'campaign', $5, $6, 'pending', 'campaign', $7, $8)
         ON CONFLICT (campaign_id, account_id) WHERE campaign_id IS NOT NULL DO NOTHING
         RETURNING id`,
        [account.userId, account.id, campaign.id, campaign.ownerId, campaign.title, campaign.category, campaign.rewardValue, message],
      )) as { id: string }[];
      if (inserted.length === 0) throw new Conflict('This account already applied to this campaign', { campaign_id: campaign.id });
      const application = await manager.findOneByOrFail(Application, { id: inserted[0].id });
      await this.events.record(manager, 'application.created', application.id, applicationEventData(application));
      return toApplicationView(application);
    });
  }

  async list(ctx: UserContext, query: ApplicationListQuery): Promise<ApplicationListView> {
    const page = resolvePage(query);
    const sort = resolveSort(query, { field: 'applied_at', direction: 'DESC' });
    const qb = this.dataSource.getRepository(Application).createQueryBuilder('a').where('a.user_id = :user', { user: ctx.user_id });
    if (query.status) qb.andWhere('a.status = :status', { status: query.status });
    if (query.account_id) qb.andWhere('a.account_id = :account', { account: query.account_id });
    qb.orderBy(SORT_COLUMNS[sort.field], sort.direction).addOrderBy('a.id', 'ASC').skip(page.offset).take(page.limit);
    const [rows, total] = await qb.getManyAndCount();
    return listView('applications', rows.map(toApplicationView), total, page);
  }

  async get(ctx: UserContext, id: string): Promise<ApplicationView> {
    return toApplicationView(await this.visible(this.dataSource.manager, ctx, id));
  }

  async status(ctx: UserContext, id: string): Promise<ApplicationStatusView> {
    const a = await this.visible(this.dataSource.manager, ctx, id);
    return {
      application_id: a.id,
      status: a.status,
      decided_at: a.decidedAt?.toISOString() ?? null,
      updated_at: a.updatedAt.toISOString(),
    };
  }

  /** An application its applicant or its campaign's owner may see; anyone else: 404. */
  async visible(manager: EntityManager, ctx: UserContext, id: string, lock = false): Promise<Application> {
    const application = await manager.findOne(Application, {
      where: { id },
      ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}),
    });
    if (!application || (application.userId !== ctx.user_id && application.campaignOwnerId !== ctx.user_id))
      throw new NotFound('Application');
    return application;
  }
}
