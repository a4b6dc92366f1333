import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import {
  AutocompleteQuery,
  AutocompleteView,
  DEFAULT_PAGE_LIMIT,
  FacetsQuery,
  FacetsView,
  FullTextSearchDto,
  FullTextSearchView,
  SearchType,
  UserContext,
} from '@sf/contracts';
import { languageOf } from './search-index';

/**
 * How close a query's words must be to a document's (pg_trgm word similarity, 0..1), set on
 * every session of the service's pool (`platformDataSourceOptions`): 0.5 takes a
 * word with one typo ("spagetti" is 0.58 of "spaghetti") or a Korean word with its particle
 * ("김치찌개" is 0.8 of "김치찌개를"), and leaves unrelated words out.
 */
export const WORD_SIMILARITY = 0.5;

/** Lower case, single spaces: one text per query however it was typed. */
export function normaliseQuery(q: string): string {
  return q.trim().toLowerCase().replace(/\s+/g, ' ');
}

/** A LIKE pattern for `prefix%`, its own `%`, `_` and `\` taken literally. */
function likePrefix(text: string): string {
  return `${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

interface ResultRow {
  type: SearchType;
  source_id: string;
  title: string;
  excerpt: string;
  platform: string;
  category: string | null;
  published_at: Date | null;
  score: number;
  total: string;
}

/** The query as full-text search reads it: English stemmed, or every word as written. */
const TSQUERY = `(websearch_to_tsquery('english', $1) || websearch_to_tsquery('simple', $1))`;

/**
 * The documents a query matches (`$1` the query): its words in the vector, English stemmed or as
 * written, or, when `similar` (an SQL boolean) holds, close enough by trigram similarity.
 * `d` is `search_documents`.
 */
function matches(similar: string): string {
  return `(d.search_vector @@ ${TSQUERY} OR (${similar} AND $1 OPERATOR(public.<%) d.search_text))`;
}

/** Full-text search, suggestions and facets over the index; reads only the platform's own tables. */
@Injectable()
export class SearchService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Reads on the pool, whose sessions carry the trigram threshold (see `platformDataSourceOptions`). */
  private read<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return work(this.dataSource.manager);
  }

  /**
   * Whether trigram similarity joins the match: always for Korean, whose particles stick to the
   * word (stemming does not serve it); for other languages only when the words themselves find
   * nothing (a typo), since similarity on long texts would otherwise drown the exact matches.
   */
  private async similar(manager: EntityManager, q: string): Promise<boolean> {
    if (languageOf(q) === 'ko') return true;
    const [row] = (await manager.query(
      `SELECT EXISTS (SELECT 1 FROM search_documents d WHERE d.visible AND d.search_vector @@ ${TSQUERY}) AS found`,
      [q],
    )) as { found: boolean }[];
    return !row.found;
  }

  async fullText(ctx: UserContext, dto: FullTextSearchDto): Promise<FullTextSearchView> {
    const limit = dto.limit ?? DEFAULT_PAGE_LIMIT;
    const page = dto.page ?? 1;
    const filters = [dto.type ?? null, dto.platform?.toLowerCase() || null, dto.category || null];
    return this.read(async (manager) => {
      const similar = await this.similar(manager, dto.q);
      const rows = (await manager.query(
        `SELECT d.type, d.source_id, d.title, d.excerpt, d.platform, d.category, d.published_at,
                ts_rank_cd(d.search_vector, ${TSQUERY}) + CASE WHEN $7 THEN public.word_similarity($1, d.search_text) ELSE 0 END AS score,
                count(*) OVER () AS total
           FROM search_documents d
          WHERE d.visible AND ${matches('$7')}
            AND ($2::text IS NULL OR d.type = $2) AND ($3::text IS NULL OR d.platform = $3)
            AND ($4::text IS NULL OR lower(d.category) = lower($4))
          ORDER BY score DESC, d.published_at DESC NULLS LAST, d.source_id
          LIMIT $5 OFFSET $6`,
        [dto.q, ...filters, limit, (page - 1) * limit, similar],
      )) as ResultRow[];
      let total = rows.length ? Number(rows[0].total) : 0;
      if (!rows.length && page > 1) {
        const [counted] = (await manager.query(
          `SELECT count(*) AS total FROM search_documents d
            WHERE d.visible AND ${matches('$5')}
              AND ($2::text IS NULL OR d.type = $2) AND ($3::text IS NULL OR d.platform = $3)
              AND ($4::text IS NULL OR lower(d.category) = lower($4))`,
          [dto.q, ...filters, similar],
        )) as { total: string }[];
        total = Number(counted.total);
      }
      // Trending counts searches, not pages of them.
      if (page === 1) await this.log(manager, ctx, dto.q, filters[1]);
      return {
        total,
        page,
        limit,
        results: rows.map((r) => ({
          id: r.source_id,
          type: r.type,
          title: r.title,
          excerpt: r.excerpt,
          platform: r.platform,
          category: r.category,
          relevance_score: Math.round(Number(r.score) * 10_000) / 10_000,
          published_at: r.published_at ? r.published_at.toISOString() : null,
        })),
      };
    });
  }

  /** Records a search for trending (its searcher is forgotten after 30 days: `SearcherRetention`). */
  private async log(manager: EntityManager, ctx: UserContext, q: string, platform: string | null): Promise<void> {
    const text = normaliseQuery(q).slice(0, 200);
    await manager.query(`INSERT INTO search_queries (text, language, platform, user_id) VALUES ($1, $2, $3, $4)`, [
      text,
      languageOf(text),
      platform,
      ctx.user_id,
    ]);
  }

  async autocomplete(query: AutocompleteQuery): Promise<AutocompleteView> {
    const limit = query.limit ?? 10;
    const q = normaliseQuery(query.q);
    return this.read(async (manager) => {
      const titles = (await manager.query(
        `SELECT s.text, s.documents AS count, s.type,
                CASE WHEN s.text_key LIKE $2 THEN 2 ELSE public.word_similarity($1, s.text_key) END AS score
           FROM search_suggestions s
          WHERE (s.text_key LIKE $2 OR $1 OPERATOR(public.<%) s.text_key)
            AND ($3::text IS NULL OR s.type = $3) AND ($4::text IS NULL OR s.platform = $4)
          ORDER BY score DESC, s.documents DESC, s.text
          LIMIT $5`,
        [q, likePrefix(q), query.type ?? null, query.platform?.toLowerCase() || null, limit],
      )) as { text: string; count: number; type: string }[];
      const searched = (await manager.query(
        `SELECT text, count(*)::int AS count, 'query' AS type FROM search_queries
          WHERE text LIKE $1 AND created_at > now() - interval '30 days'
          GROUP BY text ORDER BY count DESC, text LIMIT $2`,
        [likePrefix(q), limit],
      )) as { text: string; count: number; type: string }[];
      const seen = new Set<string>();
      const suggestions = [...titles, ...searched].filter((s) => {
        const key = s.text.toLowerCase();
        if (seen.has(key)) return false;
        seen.add(key);
        return true;
      });
      return { suggestions: suggestions.slice(0, limit).map((s) => ({ text: s.text, count: s.count, type: s.type })) };
    });
  }

  async facets(query: FacetsQuery): Promise<FacetsView> {
    const q = query.q?.trim() || null;
    return this.read(async (manager) => {
      const similar = q !== null && (await this.similar(manager, q));
      const rows = (await manager.query(
        `WITH m AS (
           SELECT d.type, d.platform, d.category, d.published_at FROM search_documents d
            WHERE d.visible AND ($1::text IS NULL OR ${matches('$3')}) AND ($2::text IS NULL OR d.type = $2)
         )
         SELECT 'category' AS facet, category AS value, count(*)::int AS count FROM m WHERE category IS NOT NULL GROUP BY category
         UNION ALL SELECT 'platform', platform, count(*)::int FROM m GROUP BY platform
         UNION ALL SELECT 'type', type, count(*)::int FROM m GROUP BY type
         UNION ALL SELECT 'date', r.range, (SELECT count(*)::int FROM m WHERE m.published_at >= now() - r.span)
           FROM (VALUES ('last_24_hours', interval '1 day'), ('last_7_days', interval '7 days'),
                        ('last_30_days', interval '30 days'), ('last_year', interval '1 year')) AS r(range, span)
         UNION ALL SELECT 'date', 'older', (SELECT count(*)::int FROM m WHERE m.published_at IS NULL OR m.published_at < now() - interval '1 year')`,
        [q, query.type ?? null, similar],
      )) as { facet: string; value: string; count: number }[];
      const counts = (facet: string) =>
        rows
          .filter((r) => r.facet === facet)
          .map((r) => ({ value: r.value, count: r.count }))
          .sort((a, b) => b.count - a.count || a.value.localeCompare(b.value));
      const spans: Record<string, number | null> = { last_24_hours: 1, last_7_days: 7, last_30_days: 30, last_year: 365, older: null };
      const now = Date.now();
      return {
        categories: counts('category'),
        platforms: counts('platform'),
        types: counts('type'),
        date_ranges: rows
          .filter((r) => r.facet === 'date')
          .map((r) => {
            const days = spans[r.value];
            return { range: r.value, from: days === null ? null : new Date(now - days * 86_400_000).toISOString(), count: r.count };
          }),
      };
    });
  }
}
