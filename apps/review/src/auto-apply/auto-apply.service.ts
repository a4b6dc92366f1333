import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In, IsNull } from 'typeorm';
import {
  AutoApplyHistoryView,
  AutoApplyRuleListView,
  AutoApplyRuleView,
  AutoApplyRunView,
  CreateAutoApplyRuleDto,
  listView,
  PageQuery,
  resolvePage,
  UpdateAutoApplyRuleDto,
  UserContext,
} from '@sf/contracts';
import { Entitlements } from '@sf/entitlements';
import { DomainError, NotFound, ValidationFailed } from '@sf/errors';
import { Jobs } from '@sf/jobs';
import { ReviewAccount } from '../accounts/account.entity';
import { ApplicationsService } from '../applications/applications.service';
import { Listing } from '../listings/listing.entity';
import { ScraperService } from '../listings/scraper.service';
import { AutoApplyRule, AutoApplyRun } from './auto-apply.entity';

const NEW_LISTINGS_QUEUE = 'auto-apply-new-listings';

/** The (listing, account) pairs a rule would apply to now, in SQL: open, before deadline, not full, not yet applied. */
const MATCHES_SQL = `
  SELECT l.id AS listing_id, acc.id AS account_id
    FROM listings l
    JOIN accounts acc ON acc.user_id = $1 AND acc.deleted_at IS NULL
                     AND (cardinality($6::uuid[]) = 0 OR acc.id = ANY($6::uuid[]))
   WHERE l.status = 'open'
     AND (l.deadline IS NULL OR l.deadline > now())
     AND (l.max_applicants IS NULL OR l.applicant_count IS NULL OR l.applicant_count < l.max_applicants)
     AND l.reward_krw >= $2
     AND (cardinality($3::text[]) = 0 OR l.category = ANY($3::text[]))
     AND (cardinality($4::text[]) = 0 OR l.source_platform = ANY($4::text[]))
     AND ($5::int IS NULL OR l.max_applicants <= $5::int)
     AND ($7::uuid[] IS NULL OR l.id = ANY($7::uuid[]))
     AND NOT EXISTS (SELECT 1 FROM applications a WHERE a.listing_id = l.id AND a.account_id = acc.id)
   ORDER BY l.deadline ASC NULLS LAST, l.id, acc.id`;

/**
 * Auto-apply rules (product 3): on demand (`run`) and on each scrape's new listings (a job
 * enqueued with the scrape's write). Each (listing, account) pair is applied to at most once,
 * whoever runs at the same time: the application's unique index decides, not a check before it.
 */
@Injectable()
export class AutoApplyService implements OnModuleInit {
  private readonly logger = new Logger('AutoApply');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly entitlements: Entitlements,
    private readonly applications: ApplicationsService,
    private readonly scraper: ScraperService,
    private readonly jobs: Jobs,
  ) {}

  onModuleInit(): void {
    this.jobs.define<{ listing_ids: string[] }>(NEW_LISTINGS_QUEUE, (data) => this.runForNewListings(data.listing_ids), {
      retryLimit: 3,
      retryDelaySeconds: 10,
    });
    this.scraper.onNewListings((manager, ids) =>
      this.jobs.send(NEW_LISTINGS_QUEUE, { listing_ids: ids }, { manager }).then(() => undefined),
    );
  }

  async create(ctx: UserContext, dto: CreateAutoApplyRuleDto): Promise<AutoApplyRuleView> {
    await this.entitlements.require(ctx, 'review-campaign');
    await this.checkAccounts(ctx, dto.preferred_accounts ?? []);
    const rule = await this.dataSource.getRepository(AutoApplyRule).save({
      userId: ctx.user_id,
      name: dto.name.trim(),
      categories: dto.categories ?? [],
      platforms: dto.platforms ?? [],
      minRewardKrw: dto.min_reward_krw ?? 0,
      maxApplicants: dto.max_applicants ?? null,
      preferredAccounts: dto.preferred_accounts ?? [],
      isActive: dto.is_active ?? true,
    });
    return this.view(rule);
  }

  async list(ctx: UserContext, query: PageQuery): Promise<AutoApplyRuleListView> {
    await this.entitlements.require(ctx, 'review-campaign');
    const page = resolvePage(query);
    const [rows, total] = await this.dataSource.getRepository(AutoApplyRule).findAndCount({
      where: { userId: ctx.user_id },
      order: { createdAt: 'ASC', id: 'ASC' },
      skip: page.offset,
      take: page.limit,
    });
    const views: AutoApplyRuleView[] = [];
    for (const rule of rows) views.push(await this.view(rule));
    return listView('rules', views, total, page);
  }

  async get(ctx: UserContext, id: string): Promise<AutoApplyRuleView> {
    await this.entitlements.require(ctx, 'review-campaign');
    return this.view(await this.own(ctx, id));
  }

  async update(ctx: UserContext, id: string, dto: UpdateAutoApplyRuleDto): Promise<AutoApplyRuleView> {
    await this.entitlements.require(ctx, 'review-campaign');
    const rule = await this.own(ctx, id);
    if (dto.preferred_accounts !== undefined) await this.checkAccounts(ctx, dto.preferred_accounts);
    if (dto.name !== undefined) rule.name = dto.name.trim();
    if (dto.categories !== undefined) rule.categories = dto.categories;
    if (dto.platforms !== undefined) rule.platforms = dto.platforms;
    if (dto.min_reward_krw !== undefined) rule.minRewardKrw = dto.min_reward_krw;
    if (dto.max_applicants !== undefined) rule.maxApplicants = dto.max_applicants;
    if (dto.preferred_accounts !== undefined) rule.preferredAccounts = dto.preferred_accounts;
    if (dto.is_active !== undefined) rule.isActive = dto.is_active;
    return this.view(await this.dataSource.getRepository(AutoApplyRule).save(rule));
  }

  async remove(ctx: UserContext, id: string): Promise<void> {
    await this.entitlements.require(ctx, 'review-campaign');
    const rule = await this.own(ctx, id);
    await this.dataSource.getRepository(AutoApplyRule).delete({ id: rule.id });
  }

  async run(ctx: UserContext): Promise<AutoApplyRunView> {
    await this.entitlements.require(ctx, 'review-campaign');
    const outcome = await this.runRules(ctx.user_id, 'manual', null);
    const [{ next }] = (await this.dataSource.query(`SELECT min(next_scrape_time) AS next FROM scraper_state`)) as { next: Date | null }[];
    return { ...outcome, next_run: next ? next.toISOString() : null };
  }

  async history(ctx: UserContext, query: PageQuery): Promise<AutoApplyHistoryView> {
    await this.entitlements.require(ctx, 'review-campaign');
    const page = resolvePage(query);
    const [rows, total] = await this.dataSource.getRepository(AutoApplyRun).findAndCount({
      where: { userId: ctx.user_id },
      order: { startedAt: 'DESC', id: 'ASC' },
      skip: page.offset,
      take: page.limit,
    });
    return listView(
      'runs',
      rows.map((r) => ({
        id: r.id,
        trigger: r.trigger,
        rules_run: r.rulesRun,
        applications_created: r.applicationsCreated,
        accounts_used: r.accountsUsed,
        application_ids: r.applicationIds,
        started_at: r.startedAt.toISOString(),
      })),
      total,
      page,
    );
  }

  /** The job: every subscriber's active rules, on the listings one scrape found first. */
  private async runForNewListings(listingIds: string[]): Promise<void> {
    const users = (await this.dataSource.query(`SELECT DISTINCT user_id FROM auto_apply_rules WHERE is_active`)) as { user_id: string }[];
    for (const { user_id } of users) {
      if (!(await this.entitlements.has(user_id, 'review-campaign'))) continue;
      const outcome = await this.runRules(user_id, 'scrape', listingIds);
      this.logger.log({ user_id, created: outcome.applications_created }, 'auto-apply ran on new listings');
    }
  }

  private async runRules(
    userId: string,
    trigger: 'manual' | 'scrape',
    listingIds: string[] | null,
  ): Promise<Omit<AutoApplyRunView, 'next_run'>> {
    const rules = await this.dataSource
      .getRepository(AutoApplyRule)
      .find({ where: { userId, isActive: true }, order: { createdAt: 'ASC' } });
    const created: string[] = [];
    const accountsUsed = new Set<string>();
    for (const rule of rules) {
      for (const pair of await this.matches(rule, listingIds)) {
        const [listing, account] = await Promise.all([
          this.dataSource.getRepository(Listing).findOneBy({ id: pair.listing_id }),
          this.dataSource.getRepository(ReviewAccount).findOneBy({ id: pair.account_id, deletedAt: IsNull() }),
        ]);
        if (!listing || !account) continue;
        try {
          const application = await this.applications.applyToListing(account, listing, null, rule.id);
          if (!application) continue;
          created.push(application.id);
          accountsUsed.add(account.id);
        } catch (error) {
          // Closed or full since the match, or the platform did not answer: the next run tries again.
          if (!(error instanceof DomainError)) throw error;
          this.logger.warn({ rule_id: rule.id, listing_id: listing.id, reason: error.message }, 'auto-apply skipped a listing');
        }
      }
      await this.dataSource.getRepository(AutoApplyRule).update({ id: rule.id }, { lastRunAt: new Date() });
    }
    await this.dataSource.getRepository(AutoApplyRun).insert({
      userId,
      trigger,
      rulesRun: rules.length,
      applicationsCreated: created.length,
      accountsUsed: accountsUsed.size,
      applicationIds: created,
    });
    return { applications_created: created.length, accounts_used: accountsUsed.size, rules_run: rules.length, application_ids: created };
  }

  private async matches(rule: AutoApplyRule, listingIds: string[] | null, manager: EntityManager = this.dataSource.manager) {
    return (await manager.query(MATCHES_SQL, [
      rule.userId,
      rule.minRewardKrw,
      rule.categories,
      rule.platforms,
      rule.maxApplicants,
      rule.preferredAccounts,
      listingIds,
    ])) as { listing_id: string; account_id: string }[];
  }

  private async own(ctx: UserContext, id: string): Promise<AutoApplyRule> {
    const rule = await this.dataSource.getRepository(AutoApplyRule).findOneBy({ id, userId: ctx.user_id });
    if (!rule) throw new NotFound('Rule');
    return rule;
  }

  private async checkAccounts(ctx: UserContext, ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    const found = await this.dataSource.getRepository(ReviewAccount).countBy({ id: In(ids), userId: ctx.user_id, deletedAt: IsNull() });
    if (found !== new Set(ids).size) throw new ValidationFailed({ preferred_accounts: ['must be your own accounts'] });
  }

  private async view(rule: AutoApplyRule): Promise<AutoApplyRuleView> {
    return {
      id: rule.id,
      rule_id: rule.id,
      name: rule.name,
      categories: rule.categories,
      platforms: rule.platforms,
      min_reward_krw: rule.minRewardKrw,
      max_applicants: rule.maxApplicants,
      preferred_accounts: rule.preferredAccounts,
      is_active: rule.isActive,
      matches_pending: rule.isActive ? (await this.matches(rule, null)).length : 0,
      last_run_at: rule.lastRunAt?.toISOString() ?? null,
      created_at: rule.createdAt.toISOString(),
      updated_at: rule.updatedAt.toISOString(),
    };
  }
}
