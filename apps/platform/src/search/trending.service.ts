import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { LRUCache } from 'lru-cache';
import { DataSource } from 'typeorm';
import { TrendingQuery, TrendingView } from '@sf/contracts';
import { PLATFORM_CONFIG, PlatformConfig } from '../platform.config';

const DEFAULT_DAYS = 7;
const DEFAULT_LIMIT = 10;
/** Answers are computed for the longest list a caller may ask, so every `limit` shares one. */
const MAX_LIMIT = 50;

/** What a trending answer depends on, besides the clock. */
interface TrendingWindow {
  days: number;
  language: string | null;
  platform: string | null;
}

/**
 * The most searched queries of a window, by searchers rather than searches (one user repeating a
 * query counts once), with their growth over the window before. Both windows fit in the 30 days
 * searchers are kept.
 *
 * Counting distinct searchers reads every search of both windows: 1.4-1.8 s of Postgres over a
 * million searches in 14 days, and no daily sum can give it (a searcher of two days counts once).
 * So each replica keeps its answers (`PLATFORM_TRENDING_CACHE_*`, ADR 0014): one older than the
 * TTL is still served while a single refresh runs behind it, so a window costs one count per
 * replica per TTL however often it is asked, and no caller waits for one once it has been asked.
 */
@Injectable()
export class TrendingService {
  private readonly answers: LRUCache<string, TrendingView, TrendingWindow> | null;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(PLATFORM_CONFIG) config: PlatformConfig,
  ) {
    const { entries, ttlMs } = config.trendingCache;
    this.answers =
      entries > 0
        ? new LRUCache<string, TrendingView, TrendingWindow>({
            max: entries,
            ttl: ttlMs,
            allowStale: true, // stale-while-revalidate: `fetch` answers the old view and refreshes it
            fetchMethod: (_key, _stale, { context }) => this.count(context),
          })
        : null;
  }

  async trending(query: TrendingQuery): Promise<TrendingView> {
    const window: TrendingWindow = {
      days: query.days ?? DEFAULT_DAYS,
      language: query.language ?? null,
      platform: query.platform?.toLowerCase() || null,
    };
    const view = (await this.answers?.fetch(JSON.stringify(window), { context: window })) ?? (await this.count(window));
    return { days: view.days, queries: view.queries.slice(0, query.limit ?? DEFAULT_LIMIT) };
  }

  private async count({ days, language, platform }: TrendingWindow): Promise<TrendingView> {
    const rows = (await this.dataSource.query(
      `SELECT text,
              count(DISTINCT coalesce(user_id::text, id::text)) FILTER (WHERE created_at >= now() - make_interval(days => $1))::int AS volume,
              count(DISTINCT coalesce(user_id::text, id::text)) FILTER (WHERE created_at < now() - make_interval(days => $1))::int AS previous
         FROM search_queries
        WHERE created_at >= now() - make_interval(days => $1 * 2)
          AND ($2::text IS NULL OR language = $2) AND ($3::text IS NULL OR platform = $3)
        GROUP BY text
       HAVING count(*) FILTER (WHERE created_at >= now() - make_interval(days => $1)) > 0
        ORDER BY volume DESC, text
        LIMIT $4`,
      [days, language, platform, MAX_LIMIT],
    )) as { text: string; volume: number; previous: number }[];
    return {
      days,
      queries: rows.map((r) => ({
        text: r.text,
        volume: r.volume,
        growth_rate: r.previous === 0 ? null : Math.round(((r.volume - r.previous) / r.previous) * 100) / 100,
      })),
    };
  }
}
