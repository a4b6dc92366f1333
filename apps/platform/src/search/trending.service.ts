import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { TrendingQuery, TrendingView } from '@sf/contracts';

const DEFAULT_DAYS = 7;

/**
 * The most searched queries of a window, by searchers rather than searches (one user repeating a
 * query counts once), with their growth over the window before. Both windows fit in the 30 days
 * searchers are kept.
 */
@Injectable()
export class TrendingService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async trending(query: TrendingQuery): Promise<TrendingView> {
    const days = query.days ?? DEFAULT_DAYS;
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
      [days, query.language ?? null, query.platform?.toLowerCase() || null, query.limit ?? 10],
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
