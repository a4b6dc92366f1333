import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { CronExpressionParser } from 'cron-parser';
import { DataSource, EntityManager } from 'typeorm';
import { LISTING_PLATFORMS, ListingPlatform, ScrapeNowView, ScrapeStatusView, UserContext } from '@sf/contracts';
import { RateLimited } from '@sf/errors';
import { Jobs } from '@sf/jobs';
import { REVIEW_CONFIG, ReviewConfig } from '../review.config';
import { ReviewEvents } from '../shared/review-events';
import { LISTING_SOURCES, ListingSource, ScrapedListing } from '../sources/listing-source';
import { returnedRows } from '../shared/returned-rows';
import { SourceError } from '../sources/source-http';
import { ScraperState, ScrapeRequest } from './listing.entity';
import { inTransaction } from '@sf/idempotency';

/** A claim older than this belongs to a replica that died mid-run; another may take over. */
const STALE_CLAIM_MINUTES = 10;
const ESTIMATED_SECONDS_PER_PLATFORM = 5;

/** The job queue of one platform's scrapes. */
export function scrapeQueue(platform: ListingPlatform): string {
  return `scrape-${platform}`;
}

export interface ScrapeOutcome {
  platform: ListingPlatform;
  ok: boolean;
  listingsFound: number;
  newListingIds: string[];
  closed: number;
  error: string | null;
}

/** Called in a successful scrape's transaction with the listings it saw for the first time. */
export type NewListingsListener = (manager: EntityManager, listingIds: string[]) => Promise<void>;

/**
 * Scrapes each platform into `listings`: upsert by (platform, external id), close what vanished,
 * and on failure keep everything and record `last_error`. Each platform has its own job queue
 * (pg-boss, `stately`: one run active and one waiting at most), scheduled by cron and fed by
 * `scrape/now`, so across replicas a platform is scraped by one run at a time and requests made
 * meanwhile coalesce into the next run. The run also claims the platform's `scraper_state` row,
 * which is what `scrape/status` reads.
 */
@Injectable()
export class ScraperService implements OnModuleInit, OnApplicationBootstrap {
  private readonly logger = new Logger('Scraper');
  private readonly listeners: NewListingsListener[] = [];

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(LISTING_SOURCES) private readonly sources: ListingSource[],
    @Inject(REVIEW_CONFIG) private readonly config: ReviewConfig,
    private readonly events: ReviewEvents,
    private readonly jobs: Jobs,
  ) {}

  onModuleInit(): void {
    for (const source of this.sources) {
      this.jobs.define(scrapeQueue(source.platform), () => this.runJob(source.platform), {
        policy: 'stately',
        retryLimit: 3,
        retryDelaySeconds: 5,
        expireInSeconds: STALE_CLAIM_MINUTES * 60,
      });
    }
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.dataSource.query(`INSERT INTO scraper_state (platform) SELECT unnest($1::text[]) ON CONFLICT (platform) DO NOTHING`, [
      this.sources.map((s) => s.platform),
    ]);
    for (const source of this.sources) {
      await this.jobs.schedule(scrapeQueue(source.platform), this.config.scrapeCron, {});
    }
    await this.dataSource.query(`UPDATE scraper_state SET next_scrape_time = $1 WHERE next_scrape_time IS NULL`, [this.nextScheduled()]);
  }

  onNewListings(listener: NewListingsListener): void {
    this.listeners.push(listener);
  }

  /** `POST /scrape/now`: limited per user; joins a run under way or waiting instead of adding one. */
  async requestNow(ctx: UserContext, platform?: ListingPlatform): Promise<ScrapeNowView> {
    const [{ recent, oldest }] = (await this.dataSource.query(
      `SELECT count(*)::int AS recent, min(requested_at) AS oldest FROM scrape_requests
        WHERE user_id = $1 AND requested_at > now() - interval '1 hour'`,
      [ctx.user_id],
    )) as { recent: number; oldest: Date | null }[];
    if (recent >= this.config.scrapeRequestsPerHour) {
      const retry = oldest ? Math.max(1, Math.ceil((oldest.getTime() + 3_600_000 - Date.now()) / 1000)) : 3600;
      throw new RateLimited(`At most ${this.config.scrapeRequestsPerHour} immediate scrapes an hour`, retry);
    }
    const platforms = platform ? [platform] : this.sources.map((s) => s.platform);
    const running = await inTransaction(this.dataSource, async (manager) => {
      await manager.getRepository(ScrapeRequest).insert({ userId: ctx.user_id });
      const states = returnedRows<{ running_since: Date | null }>(
        await manager.query(`UPDATE scraper_state SET requested_at = now() WHERE platform = ANY($1) RETURNING running_since`, [platforms]),
      );
      for (const p of platforms) await this.jobs.send(scrapeQueue(p), {}, { manager });
      return states.some((s) => s.running_since !== null);
    });
    return {
      scraper_status: running ? 'running' : 'queued',
      estimated_time_seconds: platforms.length * ESTIMATED_SECONDS_PER_PLATFORM,
      platforms,
    };
  }

  /** One job of a platform's queue: a scrape under the platform's claim. */
  private async runJob(platform: ListingPlatform): Promise<void> {
    if (!(await this.claim(platform))) throw new Error(`a scrape of ${platform} is already running`);
    try {
      await this.scrape(platform);
    } finally {
      await this.dataSource.query(`UPDATE scraper_state SET running_since = NULL WHERE platform = $1`, [platform]);
    }
  }

  private nextScheduled(): Date {
    return CronExpressionParser.parse(this.config.scrapeCron, { tz: 'UTC' }).next().toDate();
  }

  async status(): Promise<ScrapeStatusView> {
    const rows = await this.dataSource.getRepository(ScraperState).find({ order: { platform: 'ASC' } });
    const byPlatform = new Map(rows.map((r) => [r.platform, r]));
    return {
      platforms: LISTING_PLATFORMS.filter((p) => byPlatform.has(p)).map((p) => {
        const r = byPlatform.get(p) as ScraperState;
        return {
          platform: p,
          status: r.runningSince ? 'running' : r.requestedAt ? 'queued' : 'idle',
          last_scrape_time: r.lastScrapeTime?.toISOString() ?? null,
          last_success_time: r.lastSuccessTime?.toISOString() ?? null,
          next_scrape_time: r.nextScrapeTime?.toISOString() ?? null,
          listings_found: r.listingsFound,
          runs: r.runs,
          last_error: r.lastError,
          last_error_time: r.lastErrorTime?.toISOString() ?? null,
        };
      }),
    };
  }

  private async claim(platform: ListingPlatform): Promise<boolean> {
    const rows = returnedRows(
      await this.dataSource.query(
        `UPDATE scraper_state SET running_since = now(), requested_at = NULL
        WHERE platform = $1 AND (running_since IS NULL OR running_since < now() - make_interval(mins => $2))
        RETURNING platform`,
        [platform, STALE_CLAIM_MINUTES],
      ),
    );
    return rows.length > 0;
  }

  private async scrape(platform: ListingPlatform): Promise<ScrapeOutcome> {
    const source = this.sources.find((s) => s.platform === platform);
    if (!source) return { platform, ok: false, listingsFound: 0, newListingIds: [], closed: 0, error: 'no adapter' };
    let found: ScrapedListing[];
    try {
      found = await source.fetchListings();
    } catch (error) {
      const message = error instanceof SourceError ? error.message : 'the scraper failed unexpectedly';
      if (!(error instanceof SourceError))
        this.logger.error({ platform, err: error instanceof Error ? error.stack : String(error) }, 'scrape crashed');
      return this.recordFailure(platform, message);
    }
    return inTransaction(this.dataSource, async (manager) => {
      const newIds: string[] = [];
      for (const l of found) {
        const [row] = (await manager.query(
          `INSERT INTO listings (source_platform, external_id, title, category, reward_krw, reward_description, deadline,
                                max_applicants, applicant_count, url, status, first_seen_at, last_seen_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 'open', now(), now())
           ON CONFLICT (source_platform, external_id) DO UPDATE SET
             title = EXCLUDED.title, category = EXCLUDED.category, reward_krw = EXCLUDED.reward_krw,
             reward_description = EXCLUDED.reward_description, deadline = EXCLUDED.deadline,
             max_applicants = EXCLUDED.max_applicants, applicant_count = EXCLUDED.applicant_count, url = EXCLUDED.url,
             status = 'open', closed_at = NULL, last_seen_at = now(), updated_at = now()
           RETURNING id, (xmax = 0) AS inserted`,
          [
            platform,
            l.externalId,
            l.title.slice(0, 300),
            l.category,
            l.rewardKrw,
            l.rewardDescription.slice(0, 300),
            l.deadline,
            l.maxApplicants,
            l.applicantCount,
            l.url.slice(0, 2048),
          ],
        )) as { id: string; inserted: boolean }[];
        if (row.inserted) newIds.push(row.id);
      }
      const closedCount = returnedRows(
        await manager.query(
          `UPDATE listings SET status = 'closed', closed_at = now(), updated_at = now()
          WHERE source_platform = $1 AND status = 'open' AND NOT (external_id = ANY($2::text[]))
          RETURNING id`,
          [platform, found.map((l) => l.externalId)],
        ),
      ).length;
      await manager.query(
        `UPDATE scraper_state SET last_scrape_time = now(), last_success_time = now(), listings_found = $2, runs = runs + 1,
                last_error = NULL, next_scrape_time = $3
          WHERE platform = $1`,
        [platform, found.length, this.nextScheduled()],
      );
      await this.events.record(manager, 'scrape.completed', platform, {
        platform,
        ok: true,
        listings_found: found.length,
        new_listings: newIds.length,
        closed_listings: closedCount,
        error: null,
      });
      for (const listener of this.listeners) if (newIds.length) await listener(manager, newIds);
      return { platform, ok: true, listingsFound: found.length, newListingIds: newIds, closed: closedCount, error: null };
    });
  }

  private async recordFailure(platform: ListingPlatform, message: string): Promise<ScrapeOutcome> {
    this.logger.warn({ platform, reason: message }, 'scrape failed; previous listings kept');
    await inTransaction(this.dataSource, async (manager) => {
      await manager.query(
        `UPDATE scraper_state SET last_scrape_time = now(), last_error = $2, last_error_time = now(), runs = runs + 1,
                next_scrape_time = $3
          WHERE platform = $1`,
        [platform, message.slice(0, 1000), this.nextScheduled()],
      );
      await this.events.record(manager, 'scrape.completed', platform, {
        platform,
        ok: false,
        listings_found: 0,
        new_listings: 0,
        closed_listings: 0,
        error: message,
      });
    });
    return { platform, ok: false, listingsFound: 0, newListingIds: [], closed: 0, error: message };
  }
}
