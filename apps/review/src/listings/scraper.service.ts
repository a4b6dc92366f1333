import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { LISTING_PLATFORMS, ListingPlatform, ScrapeNowView, ScrapeStatusView, UserContext } from '@sf/contracts';
import { RateLimited } from '@sf/errors';
import { REVIEW_CONFIG, ReviewConfig } from '../review.config';
import { ReviewEvents } from '../shared/review-events';
import { LISTING_SOURCES, ListingSource, ScrapedListing } from '../sources/listing-source';
import { returnedRows } from '../shared/database-errors';
import { SourceError } from '../sources/source-http';
import { ScraperState, ScrapeRequest } from './listing.entity';

/** A claim older than this belongs to a replica that died mid-run; another may take over. */
const STALE_CLAIM_MINUTES = 10;
const ESTIMATED_SECONDS_PER_PLATFORM = 5;

export interface ScrapeOutcome {
  platform: ListingPlatform;
  ok: boolean;
  listingsFound: number;
  newListingIds: string[];
  closed: number;
  error: string | null;
}

/** Listener for listings a scrape saw for the first time (auto-apply rules run on them). */
export type NewListingsListener = (listingIds: string[]) => Promise<void>;

/**
 * Scrapes each platform into `listings`: upsert by (platform, external id), close what vanished,
 * and on failure keep everything and record `last_error`. A run claims the platform's row in
 * `scraper_state`, so across replicas one platform is scraped by one run at a time; a request
 * during a run marks the row and the run goes round once more.
 */
@Injectable()
export class ScraperService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Scraper');
  private readonly inFlight = new Set<Promise<unknown>>();
  private readonly listeners: NewListingsListener[] = [];

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(LISTING_SOURCES) private readonly sources: ListingSource[],
    @Inject(REVIEW_CONFIG) private readonly config: ReviewConfig,
    private readonly events: ReviewEvents,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO scraper_state (platform) SELECT unnest($1::text[]) ON CONFLICT (platform) DO NOTHING`,
      [this.sources.map((s) => s.platform)],
    );
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.allSettled([...this.inFlight]);
  }

  onNewListings(listener: NewListingsListener): void {
    this.listeners.push(listener);
  }

  /** `POST /scrape/now`: limited per user; joins a run under way instead of starting a second one. */
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
    await this.dataSource.getRepository(ScrapeRequest).insert({ userId: ctx.user_id });
    const platforms = platform ? [platform] : this.sources.map((s) => s.platform);
    let joined = 0;
    for (const p of platforms) {
      if (await this.start(p)) continue;
      joined++;
    }
    return {
      scraper_status: joined === platforms.length ? 'queued' : 'running',
      estimated_time_seconds: platforms.length * ESTIMATED_SECONDS_PER_PLATFORM,
      platforms,
    };
  }

  /**
   * Starts a run of `platform` in the background unless one is under way (then marks it to go
   * round again). True when this call started the run.
   */
  async start(platform: ListingPlatform): Promise<boolean> {
    const claimed = await this.claim(platform);
    if (!claimed) {
      await this.dataSource.query(`UPDATE scraper_state SET requested_at = now() WHERE platform = $1`, [platform]);
      return false;
    }
    const run = this.runClaimed(platform).catch((error: unknown) =>
      this.logger.error({ platform, err: error instanceof Error ? error.message : String(error) }, 'scrape run failed'),
    );
    this.inFlight.add(run);
    void run.finally(() => this.inFlight.delete(run));
    return true;
  }

  /** Runs a platform's scrape now, in the caller's flow (the scheduled job); false when another run holds it. */
  async runOnce(platform: ListingPlatform): Promise<boolean> {
    if (!(await this.claim(platform))) return false;
    await this.runClaimed(platform);
    return true;
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
    ));
    return rows.length > 0;
  }

  /** Runs while requests keep arriving during runs, then releases the claim. */
  private async runClaimed(platform: ListingPlatform): Promise<void> {
    for (;;) {
      const outcome = await this.scrape(platform);
      if (outcome.newListingIds.length) {
        for (const listener of this.listeners) {
          await listener(outcome.newListingIds).catch((error: unknown) =>
            this.logger.error({ platform, err: error instanceof Error ? error.message : String(error) }, 'new listings listener failed'),
          );
        }
      }
      const again = returnedRows<{ running_since: Date | null }>(
        await this.dataSource.query(
        `UPDATE scraper_state SET running_since = CASE WHEN requested_at IS NULL THEN NULL ELSE now() END, requested_at = NULL
          WHERE platform = $1 RETURNING running_since`,
        [platform],
      ));
      if (!again[0]?.running_since) return;
    }
  }

  private async scrape(platform: ListingPlatform): Promise<ScrapeOutcome> {
    const source = this.sources.find((s) => s.platform === platform);
    if (!source) return { platform, ok: false, listingsFound: 0, newListingIds: [], closed: 0, error: 'no adapter' };
    let found: ScrapedListing[];
    try {
      found = await source.fetchListings();
    } catch (error) {
      const message = error instanceof SourceError ? error.message : 'the scraper failed unexpectedly';
      if (!(error instanceof SourceError)) this.logger.error({ platform, err: error instanceof Error ? error.stack : String(error) }, 'scrape crashed');
      return this.recordFailure(platform, message);
    }
    return this.dataSource.transaction(async (manager) => {
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
      )).length;
      await manager.query(
        `UPDATE scraper_state SET last_scrape_time = now(), last_success_time = now(), listings_found = $2, runs = runs + 1,
                last_error = NULL, next_scrape_time = now() + make_interval(mins => $3)
          WHERE platform = $1`,
        [platform, found.length, this.config.scrapeIntervalMinutes],
      );
      await this.events.record(manager, 'scrape.completed', platform, {
        platform,
        ok: true,
        listings_found: found.length,
        new_listings: newIds.length,
        closed_listings: closedCount,
        error: null,
      });
      return { platform, ok: true, listingsFound: found.length, newListingIds: newIds, closed: closedCount, error: null };
    });
  }

  private async recordFailure(platform: ListingPlatform, message: string): Promise<ScrapeOutcome> {
    this.logger.warn({ platform, reason: message }, 'scrape failed; previous listings kept');
    await this.dataSource.transaction(async (manager) => {
      await manager.query(
        `UPDATE scraper_state SET last_scrape_time = now(), last_error = $2, last_error_time = now(), runs = runs + 1,
                next_scrape_time = now() + make_interval(mins => $3)
          WHERE platform = $1`,
        [platform, message.slice(0, 1000), this.config.scrapeIntervalMinutes],
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
