import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Pool } from 'pg';
import { DataSource, EntityManager } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';
import {
  AutocompleteQuery,
  AutocompleteView,
  DEFAULT_PAGE_LIMIT,
  FacetsQuery,
  FacetsView,
  FullTextSearchDto,
  FullTextSearchView,
  SEARCH_TOTAL_CAP,
  SearchType,
  UserContext,
} from '@sf/contracts';
import { AnswerCache } from '@sf/database';
import { PLATFORM_CONFIG, PlatformConfig } from '../platform.config';
import { QUERY_COUNT_DAYS } from './search-log-retention';
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

/**
 * Autocomplete in one round trip (`$1` the normalised query, `$2` its LIKE prefix, `$3` type,
 * `$4` platform, `$5` limit): the titles with a word starting with the query, or starting with it
 * as a whole (several words), by btree range reads, those starting with it first, then by how
 * many documents carry them; only when no title does, the titles within trigram word similarity
 * (a typo, a word inside a compound). Then the normalised queries others searched that start with
 * it (`type: query`, `count` = searches on the last 30 days, UTC, today's included), from their
 * daily counts: the cost follows how many queries match, not how often they were searched.
 */
const AUTOCOMPLETE = {
  name: 'platform_search_autocomplete',
  text: `WITH prefixed AS MATERIALIZED (
       SELECT s.text_key, s.text, s.documents, s.type
         FROM search_suggestion_terms t
        CROSS JOIN LATERAL (
              -- one primary-key read per matching word, never a scan of every title
              SELECT x.text_key, x.text, x.documents, x.type FROM search_suggestions x
               WHERE x.platform = t.platform AND x.type = t.type AND x.text_key = t.text_key LIMIT 1) s
        WHERE t.term LIKE $2 AND ($3::text IS NULL OR t.type = $3) AND ($4::text IS NULL OR t.platform = $4)
       UNION
       SELECT s.text_key, s.text, s.documents, s.type FROM search_suggestions s
        WHERE s.text_key LIKE $2 AND ($3::text IS NULL OR s.type = $3) AND ($4::text IS NULL OR s.platform = $4)),
     titles AS (
       SELECT text, documents, type, CASE WHEN text_key LIKE $2 THEN 3 ELSE 2 END::real AS score FROM prefixed
       UNION ALL
       SELECT s.text, s.documents, s.type, public.word_similarity($1, s.text_key) FROM search_suggestions s
        WHERE NOT EXISTS (SELECT 1 FROM prefixed) AND $1 OPERATOR(public.<%) s.text_key
          AND ($3::text IS NULL OR s.type = $3) AND ($4::text IS NULL OR s.platform = $4))
     SELECT text, count, type FROM (
       (SELECT text, documents AS count, type, 1 AS source, row_number() OVER (ORDER BY score DESC, documents DESC, text) AS n
          FROM titles ORDER BY n LIMIT $5)
       UNION ALL
       (SELECT text, sum(searches)::int, 'query', 2, row_number() OVER (ORDER BY sum(searches) DESC, text)
          FROM search_query_counts WHERE text LIKE $2 AND day > (now() AT TIME ZONE 'UTC')::date - ${QUERY_COUNT_DAYS}
         GROUP BY text ORDER BY 5 LIMIT $5)) found
      ORDER BY source, n`,
};

/**
 * Logs a search for trending (`$1` normalised text, `$2` language, `$3` platform, `$4` searcher,
 * forgotten after 30 days: `SearchLogRetention`), counts it for autocomplete in its day's row of
 * the connection's slot (one row per backend pid modulo 16: searches of one popular query on
 * different connections do not wait on each other's row lock), and reads the index's generation.
 */
const LOG_SEARCH = {
  name: 'platform_search_log',
  text: `WITH logged AS (INSERT INTO search_queries (text, language, platform, user_id) VALUES ($1, $2, $3, $4)),
              counted AS (
                INSERT INTO search_query_counts AS c (text, day, slot, searches)
                VALUES ($1, (now() AT TIME ZONE 'UTC')::date, pg_backend_pid() % 16, 1)
                ON CONFLICT (text, day, slot) DO UPDATE SET searches = c.searches + 1)
         SELECT value FROM search_generation`,
};
/** The index's generation: moved by every write to `search_documents` (ADR 0014). */
const SEARCH_GENERATION = { name: 'platform_search_generation', text: `SELECT value FROM search_generation` };

/** Full-text search, suggestions and facets over the index; reads only the platform's own tables. */
@Injectable()
export class SearchService {
  /** Full-text answers, reused while `search_generation` has not moved (ADR 0014). */
  private readonly answers: AnswerCache<FullTextSearchView>;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(PLATFORM_CONFIG) config: PlatformConfig,
  ) {
    this.answers = new AnswerCache(config.searchCache);
  }

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

  /**
   * A page of matches by relevance, from the replica's answers when the index has not changed
   * since (a search repeated by many people costs one small statement). The first page of a
   * search is logged for trending in that same statement: it counts searches, not pages of them.
   */
  async fullText(ctx: UserContext, dto: FullTextSearchDto): Promise<FullTextSearchView> {
    const page = dto.page ?? 1;
    let generation = '';
    if (page === 1) {
      const text = normaliseQuery(dto.q).slice(0, 200);
      const [row] = await this.prepared<{ value: string }>(LOG_SEARCH, [
        text,
        languageOf(text),
        dto.platform?.toLowerCase() || null,
        ctx.user_id,
      ]);
      generation = row.value;
    } else if (this.answers.enabled) {
      const [row] = await this.prepared<{ value: string }>(SEARCH_GENERATION, []);
      generation = row.value;
    }
    // The query as it is answered (defaults filled in), so its spellings share one answer.
    const asked = { ...dto, page, limit: dto.limit ?? DEFAULT_PAGE_LIMIT, platform: dto.platform?.toLowerCase() || undefined };
    return this.answers.answer(asked, generation, () => this.search(asked));
  }

  /**
   * A page of matches by relevance. Every match is scored, on narrow rows (its key and score: the
   * order needs them all, GIN yields none), and the same scan counts them, exactly; only the page's
   * rows are read in full. A page past the end has no row to carry the count: it is counted in a
   * separate pass that stops past SEARCH_TOTAL_CAP, the planner's estimate beyond.
   */
  private async search(dto: FullTextSearchDto): Promise<FullTextSearchView> {
    const limit = dto.limit ?? DEFAULT_PAGE_LIMIT;
    const page = dto.page ?? 1;
    const filters = [dto.type ?? null, dto.platform?.toLowerCase() || null, dto.category || null];
    // `similarParam`: the parameter that says whether trigram similarity joins the match.
    const where = (similarParam: string) => `d.visible AND ${matches(similarParam)}
            AND ($2::text IS NULL OR d.type = $2) AND ($3::text IS NULL OR d.platform = $3)
            AND ($4::text IS NULL OR lower(d.category) = lower($4))`;
    return this.read(async (manager) => {
      const similar = await this.similar(manager, dto.q);
      const rows = (await manager.query(
        `WITH ranked AS (
           SELECT d.type, d.source_id, d.published_at,
                  ts_rank_cd(d.search_vector, ${TSQUERY}) + CASE WHEN $7 THEN public.word_similarity($1, d.search_text) ELSE 0 END AS score,
                  count(*) OVER () AS total
             FROM search_documents d
            WHERE ${where('$7')}
            ORDER BY score DESC, d.published_at DESC NULLS LAST, d.source_id
            LIMIT $5 OFFSET $6)
         SELECT d.type, d.source_id, d.title, d.excerpt, d.platform, d.category, d.published_at, r.score, r.total
           FROM ranked r JOIN search_documents d ON d.type = r.type AND d.source_id = r.source_id
          ORDER BY r.score DESC, r.published_at DESC NULLS LAST, r.source_id`,
        [dto.q, ...filters, limit, (page - 1) * limit, similar],
      )) as ResultRow[];
      let total = rows.length ? Number(rows[0].total) : 0;
      let estimated = false;
      if (!rows.length && page > 1) {
        const [row] = (await manager.query(
          `SELECT count(*) AS total FROM (SELECT 1 FROM search_documents d WHERE ${where('$5')} LIMIT ${SEARCH_TOTAL_CAP + 1}) c`,
          [dto.q, ...filters, similar],
        )) as { total: string }[];
        total = Number(row.total);
        if (total > SEARCH_TOTAL_CAP) {
          const estimate = await this.estimate(manager, `SELECT 1 FROM search_documents d WHERE ${where('$5')}`, [
            dto.q,
            ...filters,
            similar,
          ]);
          total = Math.max(total, estimate);
          estimated = true;
        }
      }
      return {
        total,
        total_is_estimate: estimated,
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

  /** The planner's estimate of the rows a query returns. */
  private async estimate(manager: EntityManager, sql: string, params: unknown[]): Promise<number> {
    const [row] = (await manager.query(`EXPLAIN (FORMAT JSON) ${sql}`, params)) as { 'QUERY PLAN': { Plan: { 'Plan Rows': number } }[] }[];
    return Math.round(row['QUERY PLAN'][0].Plan['Plan Rows']);
  }

  async autocomplete(query: AutocompleteQuery): Promise<AutocompleteView> {
    const limit = query.limit ?? 10;
    const q = normaliseQuery(query.q);
    const rows = await this.prepared<{ text: string; count: number; type: string }>(AUTOCOMPLETE, [
      q,
      likePrefix(q),
      query.type ?? null,
      query.platform?.toLowerCase() || null,
      limit,
    ]);
    const seen = new Set<string>();
    const suggestions = rows.filter((s) => {
      const key = s.text.toLowerCase();
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
    return { suggestions: suggestions.slice(0, limit).map((s) => ({ text: s.text, count: s.count, type: s.type })) };
  }

  /**
   * A named prepared statement on the pool: each connection plans it once, not per request (planning
   * cost more than running autocomplete's reads). The pool's connections carry the trigram threshold.
   */
  private async prepared<T>(statement: { name: string; text: string }, values: unknown[]): Promise<T[]> {
    const pool = (this.dataSource.driver as PostgresDriver).master as Pool;
    return (await pool.query({ ...statement, values })).rows as T[];
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
