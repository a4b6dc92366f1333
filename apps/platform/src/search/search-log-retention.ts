import { Inject, Injectable, OnApplicationBootstrap, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { returnedRows } from '@sf/database';
import { Jobs } from '@sf/jobs';
import { PLATFORM_LOGGER } from '../platform.tokens';

/** The job that forgets who searched what, once a search is older than the retention. */
export const FORGET_SEARCHERS_JOB = 'forget-searchers';
/** The job that drops the daily search counts autocomplete no longer reads, and folds the rest. */
export const PRUNE_QUERY_COUNTS_JOB = 'prune-query-counts';
/** The searcher of a logged query is forgotten after this many days; the query itself stays for trending. */
export const QUERY_USER_RETENTION_DAYS = 30;
/** Autocomplete counts a query's searches over this many days (UTC), today included. */
export const QUERY_COUNT_DAYS = 30;

/**
 * What the search log keeps, and for how long. Logged searches keep their searcher only to count
 * searchers, not searches, in trending (whose windows fit in the retention): every hour a job on
 * the service's queue clears the searcher of the searches past it. The daily counts autocomplete
 * reads (`search_query_counts`) are dropped once past its window, every night. Both jobs are
 * idempotent, so a repeat or a retry changes nothing.
 */
@Injectable()
export class SearchLogRetention implements OnModuleInit, OnApplicationBootstrap {
  constructor(
    private readonly jobs: Jobs,
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(PLATFORM_LOGGER) private readonly logger: Logger,
  ) {}

  onModuleInit(): void {
    this.jobs.define(FORGET_SEARCHERS_JOB, async () => {
      const forgotten = await this.forget();
      if (forgotten) this.logger.info({ forgotten }, 'searchers of old searches forgotten');
    });
    this.jobs.define(PRUNE_QUERY_COUNTS_JOB, async () => {
      const pruned = await this.pruneQueryCounts();
      if (pruned) this.logger.info({ pruned }, 'search counts of past days dropped or folded');
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.jobs.schedule(FORGET_SEARCHERS_JOB, '17 * * * *', {});
    await this.jobs.schedule(PRUNE_QUERY_COUNTS_JOB, '23 3 * * *', {});
  }

  /** Clears the searcher of every logged search older than the retention; answers how many. */
  async forget(): Promise<number> {
    const rows = returnedRows(
      await this.dataSource.query(
        `UPDATE search_queries SET user_id = NULL
          WHERE user_id IS NOT NULL AND created_at < now() - make_interval(days => $1)
         RETURNING id`,
        [QUERY_USER_RETENTION_DAYS],
      ),
    );
    return rows.length;
  }

  /**
   * Drops the counts of the days before autocomplete's window, and folds each past day's slots into
   * slot 0 (only today's row is still written, so autocomplete reads at most one row per past day
   * and query); answers how many rows went.
   */
  async pruneQueryCounts(): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      const pruned = returnedRows(
        await manager.query(`DELETE FROM search_query_counts WHERE day <= (now() AT TIME ZONE 'UTC')::date - $1::int RETURNING slot`, [
          QUERY_COUNT_DAYS,
        ]),
      );
      const folded = returnedRows(
        await manager.query(
          `WITH folded AS (
             DELETE FROM search_query_counts WHERE day < (now() AT TIME ZONE 'UTC')::date AND slot <> 0 RETURNING text, day, searches),
           merged AS (
             INSERT INTO search_query_counts AS c (text, day, slot, searches)
             SELECT text, day, 0, sum(searches) FROM folded GROUP BY text, day
             ON CONFLICT (text, day, slot) DO UPDATE SET searches = c.searches + excluded.searches)
           SELECT 1 FROM folded`,
        ),
      );
      return pruned.length + folded.length;
    });
  }
}
