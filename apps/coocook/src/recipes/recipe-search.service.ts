import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import {
  CallerContext,
  DiscoveryQuery,
  Page,
  listView,
  MyRecipesQuery,
  RecipeListView,
  RECIPE_SEARCH_TOTAL_CAP,
  RecipeSearchView,
  RecipeSummaryView,
  RecipeSearchQuery,
  RecipeSortField,
  resolvePage,
  resolveSort,
  Sort,
  UserContext,
} from '@sf/contracts';
import { RecipeSearchCache } from './recipe-search-cache';
import { RecipesService } from './recipes.service';
import { RECIPE_SUMMARY_COLUMNS, RECIPE_SUMMARY_JSON, RecipeSummaryRow, rowToSummary, shortenSummary } from './recipe.view';

const COLUMNS = RECIPE_SUMMARY_COLUMNS.map((c) => `r.${c}`).join(', ');
const DEFAULT_DISCOVERY_LIMIT = 10;
/** A rating weighs as much as this many views per star in "trending". */
const TRENDING_STAR_WEIGHT = 3;
const TRENDING_DAYS = 7;

const SORT_COLUMNS: Record<Exclude<RecipeSortField, 'relevance'>, string> = {
  created_at: 'r.created_at',
  rating_avg: 'r.rating_avg',
  rating_count: 'r.rating_count',
  prep_time_mins: 'r.prep_time_mins',
  view_count: 'r.view_count',
  title: 'r.title',
};

type Row = RecipeSummaryRow & { total: string };
/** A search's rows: the page's recipes (none: one row of nulls) and what was counted. */
type MetaRow = { summary: RecipeSummaryView | null; nodes: number; lexeme: string | null; counted: string };

/** Counting every match of a common word cost more than its page: beyond this, `total` is the planner's estimate. */
const TOTAL_CAP = RECIPE_SEARCH_TOTAL_CAP;
/** Letters and digits only: the text search parser makes one word of it (at most one lexeme). */
const ONE_WORD = /^[\p{L}\p{N}]+$/u;
const FILTERS = ['category', 'cuisine', 'difficulty', 'prep_time_min', 'prep_time_max', 'tag', 'author_id'] as const;
const RELEVANCE: Sort<RecipeSortField> = { field: 'relevance', direction: 'DESC' };

/** Finding recipes: full-text search with filters (GIN index on a tsvector), trending, new, similar. */
@Injectable()
export class RecipeSearchService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly recipes: RecipesService,
    private readonly cache: RecipeSearchCache,
  ) {}

  search(query: RecipeSearchQuery): Promise<RecipeSearchView> {
    return this.cache.answer(query, () => this.searchUncached(query));
  }

  private async searchUncached(query: RecipeSearchQuery): Promise<RecipeSearchView> {
    const page = resolvePage(query);
    const filtered = FILTERS.some((name) => query[name] !== undefined);
    if (query.q && ONE_WORD.test(query.q) && !filtered) {
      const sort = resolveSort<RecipeSortField>(query, RELEVANCE);
      if (sort.field === 'relevance' && sort.direction === 'DESC') {
        const found = await this.searchOneWord(query.q, page);
        if (found) return found;
      }
    }
    return this.searchAll(query, page);
  }

  /**
   * A one-word query without filters, by relevance: the page in order from the term index (no
   * other match is ranked or read), the matches counted index-only up to the cap. Null when the
   * word is more than one lexeme after all (the general search answers it).
   */
  private async searchOneWord(word: string, page: Page): Promise<RecipeSearchView | null> {
    // The tsquery of one lexeme prints as the lexeme quoted, ' and \ doubled. The lexeme is an
    // init plan's value (not a join), so the page is the index's first rows and is counted once.
    const rows = await this.dataSource.query<MetaRow[]>(
      `WITH term AS MATERIALIZED (
              SELECT numnode(tsq) AS nodes,
                     CASE WHEN numnode(tsq) = 1
                          THEN replace(replace(substr(tsq::text, 2, length(tsq::text) - 2), '''''', ''''), '\\\\', '\\') END AS lexeme
                FROM websearch_to_tsquery('english', $1) AS tsq),
            page AS MATERIALIZED (
              SELECT t.recipe_id, t.score, t.created_at FROM recipe_search_terms t
               WHERE t.lexeme = (SELECT lexeme FROM term)
               ORDER BY t.score DESC, t.created_at DESC, t.recipe_id LIMIT $2 OFFSET $3)
       SELECT term.nodes, term.lexeme,
              (SELECT count(*) FROM (SELECT 1 FROM recipe_search_terms t WHERE t.lexeme = (SELECT lexeme FROM term) LIMIT $4) c) AS counted,
              x.summary
         FROM term
         LEFT JOIN (SELECT r.id, r.created_at, ${RECIPE_SUMMARY_JSON} AS summary, p.score AS sort_key
                      FROM page p JOIN recipes r ON r.id = p.recipe_id) x ON true
        ORDER BY x.sort_key DESC, x.created_at DESC, x.id`,
      [word, page.limit, page.offset, TOTAL_CAP + 1],
    );
    const meta = rows[0];
    if (!meta || meta.nodes > 1) return null;
    return this.answer(rows, page, () => this.estimate(`SELECT 1 FROM recipe_search_terms t WHERE t.lexeme = $1`, [meta.lexeme]));
  }

  /** Any query: every match ranked on narrow rows, the page read in full, the matches counted up to the cap. */
  private async searchAll(query: RecipeSearchQuery, page: Page): Promise<RecipeSearchView> {
    const where = [`r.status = 'published'`];
    const params: unknown[] = [];
    const param = (value: unknown) => {
      params.push(value);
      return `$${params.length}`;
    };
    let rank: string | null = null;
    if (query.q) {
      const tsquery = `websearch_to_tsquery('english', ${param(query.q)})`;
      where.push(`r.search_vector @@ ${tsquery}`);
      rank = `ts_rank(r.search_vector, ${tsquery})`;
    }
    if (query.category) where.push(`lower(r.category) = lower(${param(query.category)})`);
    if (query.cuisine) where.push(`lower(r.cuisine) = lower(${param(query.cuisine)})`);
    if (query.difficulty) where.push(`r.difficulty = ${param(query.difficulty)}`);
    if (query.prep_time_min !== undefined) where.push(`r.prep_time_mins >= ${param(query.prep_time_min)}`);
    if (query.prep_time_max !== undefined) where.push(`r.prep_time_mins <= ${param(query.prep_time_max)}`);
    if (query.tag) where.push(`r.tags @> ARRAY[${param(query.tag.toLowerCase())}]::text[]`);
    if (query.author_id) where.push(`r.author_id = ${param(query.author_id)}`);
    // Relevance first when there is a query to be relevant to, else the newest.
    const sort = resolveSort<RecipeSortField>(query, rank ? RELEVANCE : { field: 'created_at', direction: 'DESC' });
    const key = sort.field === 'relevance' ? (rank ?? 'r.rating_avg') : SORT_COLUMNS[sort.field];
    const order = `sort_key ${sort.direction} NULLS LAST, created_at DESC, id`;
    const filter = where.join(' AND ');
    const filterParams = [...params];
    if (rank) {
      // A text query visits every match whatever the order (GIN gives none): the same scan
      // counts them all, exactly. Two steps: rank on narrow rows (id, sort key), then read the
      // page's rows in full (ranking wide rows made broad queries 5x slower).
      const ranked = await this.dataSource.query<{ summary: RecipeSummaryView; counted: string }[]>(
        `WITH page AS (
           SELECT r.id, ${key} AS sort_key, r.created_at, count(*) OVER () AS counted FROM recipes r WHERE ${filter}
            ORDER BY ${order} LIMIT $${params.length + 1} OFFSET $${params.length + 2})
         SELECT ${RECIPE_SUMMARY_JSON} AS summary, p.counted FROM page p JOIN recipes r ON r.id = p.id
          ORDER BY p.sort_key ${sort.direction} NULLS LAST, p.created_at DESC, p.id`,
        [...params, page.limit, page.offset],
      );
      // A page past the end has no row to carry the count: counted below.
      if (ranked.length || page.offset === 0)
        return {
          ...listView(
            'recipes',
            ranked.map((row) => shortenSummary(row.summary)),
            Number(ranked[0]?.counted ?? 0),
            page,
          ),
          total_is_estimate: false,
        };
    }
    // Rank (or sort) every match on narrow rows, then read the page's rows in full; counting
    // stops past the cap.
    const rows = await this.dataSource.query<MetaRow[]>(
      `WITH page AS (
         SELECT r.id, ${key} AS sort_key, r.created_at FROM recipes r WHERE ${filter}
          ORDER BY ${order} LIMIT ${param(page.limit)} OFFSET ${param(page.offset)}),
       meta AS (SELECT count(*) AS counted FROM (SELECT 1 FROM recipes r WHERE ${filter} LIMIT ${param(TOTAL_CAP + 1)}) c)
       SELECT m.counted, x.summary FROM meta m
         LEFT JOIN (SELECT r.id, r.created_at, ${RECIPE_SUMMARY_JSON} AS summary, p.sort_key FROM page p JOIN recipes r ON r.id = p.id) x ON true
        ORDER BY x.sort_key ${sort.direction} NULLS LAST, x.created_at DESC, x.id`,
      params,
    );
    return this.answer(rows, page, () => this.estimate(`SELECT 1 FROM recipes r WHERE ${filter}`, filterParams));
  }

  /** The list: `total` exact up to the cap, else the estimate (never below what was counted). */
  private async answer(rows: MetaRow[], page: Page, estimate: () => Promise<number>): Promise<RecipeSearchView> {
    const recipes = rows.flatMap((row) => (row.summary ? [shortenSummary(row.summary)] : []));
    const counted = Number(rows[0]?.counted ?? 0);
    if (counted <= TOTAL_CAP) return { ...listView('recipes', recipes, counted, page), total_is_estimate: false };
    return { ...listView('recipes', recipes, Math.max(counted, await estimate()), page), total_is_estimate: true };
  }

  /** The planner's estimate of the rows a query returns. */
  private async estimate(sql: string, params: unknown[]): Promise<number> {
    const [row] = await this.dataSource.query<{ 'QUERY PLAN': { Plan: { 'Plan Rows': number } }[] }[]>(
      `EXPLAIN (FORMAT JSON) ${sql}`,
      params,
    );
    return Math.round(row?.['QUERY PLAN'][0]?.Plan['Plan Rows'] ?? 0);
  }

  async mine(ctx: UserContext, query: MyRecipesQuery): Promise<RecipeListView> {
    const userId = ctx.user_id;
    const page = resolvePage(query);
    const params: unknown[] = [userId, page.limit, page.offset];
    const status = query.status ? `AND r.status = $4` : '';
    if (query.status) params.push(query.status);
    const rows = await this.dataSource.query<Row[]>(
      `SELECT ${COLUMNS}, count(*) OVER () AS total FROM recipes r WHERE r.author_id = $1 ${status}
        ORDER BY r.created_at ${query.order === 'asc' ? 'ASC' : 'DESC'}, r.id LIMIT $2 OFFSET $3`,
      params,
    );
    return listView('recipes', rows.map(rowToSummary), rows.length ? Number(rows[0].total) : 0, page);
  }

  /** Most viewed and best rated over the last week; recipes without recent activity follow by rating. */
  async trending(query: DiscoveryQuery): Promise<RecipeListView> {
    const limit = query.limit ?? DEFAULT_DISCOVERY_LIMIT;
    const rows = await this.dataSource.query<Row[]>(
      `SELECT ${COLUMNS}, count(*) OVER () AS total
         FROM recipes r
         LEFT JOIN (SELECT recipe_id, sum(views) AS views, sum(rating_sum) AS stars
                      FROM recipe_daily_stats WHERE day > current_date - $2::int GROUP BY recipe_id) s ON s.recipe_id = r.id
        WHERE r.status = 'published'
        ORDER BY coalesce(s.views, 0) + $3 * coalesce(s.stars, 0) DESC, r.rating_avg DESC, r.published_at DESC NULLS LAST, r.id
        LIMIT $1`,
      [limit, TRENDING_DAYS, TRENDING_STAR_WEIGHT],
    );
    return listView('recipes', rows.map(rowToSummary), rows.length ? Number(rows[0].total) : 0, { page: 1, limit, offset: 0 });
  }

  async newest(query: DiscoveryQuery): Promise<RecipeListView> {
    const limit = query.limit ?? DEFAULT_DISCOVERY_LIMIT;
    const rows = await this.dataSource.query<Row[]>(
      `SELECT ${COLUMNS}, count(*) OVER () AS total FROM recipes r WHERE r.status = 'published'
        ORDER BY r.published_at DESC, r.id LIMIT $1`,
      [limit],
    );
    return listView('recipes', rows.map(rowToSummary), rows.length ? Number(rows[0].total) : 0, { page: 1, limit, offset: 0 });
  }

  /** Published recipes sharing the most ingredients with this one; the same category counts as two. */
  async similar(ctx: CallerContext, id: string, query: DiscoveryQuery): Promise<RecipeListView> {
    const recipe = await this.recipes.findVisible(this.dataSource.manager, ctx, id);
    const limit = query.limit ?? DEFAULT_DISCOVERY_LIMIT;
    const rows = await this.dataSource.query<RecipeSummaryRow[]>(
      `SELECT ${COLUMNS}
         FROM recipes r
        WHERE r.status = 'published' AND r.id <> $1
          AND (r.ingredient_keys && $2::text[] OR lower(r.category) = lower($3))
        ORDER BY (SELECT count(*) FROM unnest(r.ingredient_keys) k WHERE k = ANY($2::text[]))
                 + CASE WHEN lower(r.category) = lower($3) THEN 2 ELSE 0 END DESC,
                 r.rating_avg DESC, r.id
        LIMIT $4`,
      [id, recipe.ingredientKeys, recipe.category, limit],
    );
    return listView('recipes', rows.map(rowToSummary), rows.length, { page: 1, limit, offset: 0 });
  }
}
