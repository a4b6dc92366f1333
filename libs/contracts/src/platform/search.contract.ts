import { Type } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsISO8601,
  IsNotEmpty,
  IsNumber,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { endpoint } from '../common/endpoint';
import { IdParams } from '../common/id-params';
import { ListMeta, MAX_PAGE_LIMIT } from '../common/pagination';
import { Trim } from '../common/trim';

/** What the index holds today: recipes and chefs (coocook), published SNS posts, open review campaigns; `listing` may join. */
export const SEARCH_TYPES = ['recipe', 'chef', 'post', 'campaign'] as const;
export type SearchType = (typeof SEARCH_TYPES)[number];
export const SEARCH_LANGUAGES = ['ko', 'en'] as const;
export const MAX_QUERY_LENGTH = 200;
export const MAX_TRENDING_DAYS = 14;

export class FullTextSearchDto {
  @Trim() @IsString() @IsNotEmpty() @MaxLength(MAX_QUERY_LENGTH) q: string;
  @IsOptional() @IsIn(SEARCH_TYPES) type?: SearchType;
  @IsOptional() @Trim() @IsString() @MaxLength(30) platform?: string;
  @IsOptional() @Trim() @IsString() @MaxLength(50) category?: string;
  @IsOptional() @IsInt() @Min(1) @Max(MAX_PAGE_LIMIT) limit?: number;
  @IsOptional() @IsInt() @Min(1) @Max(1000) page?: number;
}

export class SearchResultView {
  /** The id of the recipe, chef... in its own service. */
  @IsUUID() id: string;
  @IsIn(SEARCH_TYPES) type: SearchType;
  @IsString() title: string;
  @IsString() excerpt: string;
  @IsString() platform: string;
  @IsOptional() @IsString() category: string | null;
  /** Higher is better: full-text rank plus trigram similarity of the words. */
  @IsNumber() relevance_score: number;
  @IsOptional() @IsISO8601() published_at: string | null;
}

/** Matches a full-text search always counts exactly; beyond, its `total` may be an estimate. */
export const SEARCH_TOTAL_CAP = 1000;

/**
 * A page of results. `total` is exact up to SEARCH_TOTAL_CAP matches; beyond, it may be the
 * database's estimate (never below the cap), and then `total_is_estimate` is true (today only for
 * a page past the end: a page with results is counted by the scan that ranks it, exactly). The
 * results and their order are exact on every page.
 */
export class FullTextSearchView {
  @IsInt() total: number;
  @IsBoolean() total_is_estimate: boolean;
  @IsInt() page: number;
  @IsInt() limit: number;
  @ValidateNested({ each: true }) @Type(() => SearchResultView) results: SearchResultView[];
}

export class AutocompleteQuery {
  @Trim() @IsString() @IsNotEmpty() @MaxLength(100) q: string;
  @IsOptional() @IsIn(SEARCH_TYPES) type?: SearchType;
  @IsOptional() @Trim() @IsString() @MaxLength(30) platform?: string;
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(20) limit?: number;
}

export class SuggestionView {
  @IsString() text: string;
  /** Documents with this title, or times the query was searched in the last 30 days, UTC (`type: query`). */
  @IsInt() count: number;
  @IsString() type: string;
}

export class AutocompleteView {
  @ValidateNested({ each: true }) @Type(() => SuggestionView) suggestions: SuggestionView[];
}

export class FacetsQuery {
  @IsOptional() @Trim() @IsString() @MaxLength(MAX_QUERY_LENGTH) q?: string;
  @IsOptional() @IsIn(SEARCH_TYPES) type?: SearchType;
}

export class FacetCountView {
  @IsString() value: string;
  @IsInt() count: number;
}

export class DateRangeFacetView {
  /** `last_24_hours`, `last_7_days`, `last_30_days`, `last_year`, `older`. */
  @IsString() range: string;
  @IsOptional() @IsISO8601() from: string | null;
  @IsInt() count: number;
}

export class FacetsView {
  @ValidateNested({ each: true }) @Type(() => FacetCountView) categories: FacetCountView[];
  @ValidateNested({ each: true }) @Type(() => FacetCountView) platforms: FacetCountView[];
  @ValidateNested({ each: true }) @Type(() => DateRangeFacetView) date_ranges: DateRangeFacetView[];
  @ValidateNested({ each: true }) @Type(() => FacetCountView) types: FacetCountView[];
}

export class SaveSearchDto {
  @Trim() @IsString() @IsNotEmpty() @MaxLength(MAX_QUERY_LENGTH) query_text: string;
  @Trim() @IsString() @Length(1, 100) name: string;
  @IsOptional() @IsBoolean() is_public?: boolean;
  @IsOptional() @IsIn(SEARCH_TYPES) type?: SearchType;
}

export class SavedSearchView {
  @IsUUID() id: string;
  /** The same id, under the name the seeds give it. */
  @IsUUID() saved_search_id: string;
  @IsString() name: string;
  @IsString() query_text: string;
  @IsOptional() @IsIn(SEARCH_TYPES) type: SearchType | null;
  @IsBoolean() is_public: boolean;
  /** Whether the caller saved it (others' searches appear when they made them public). */
  @IsBoolean() owned: boolean;
  @IsISO8601() created_at: string;
}

export class SavedSearchesQuery {
  @IsOptional() @IsIn(['mine', 'public', 'all']) scope?: 'mine' | 'public' | 'all';
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) page?: number;
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(MAX_PAGE_LIMIT) limit?: number;
}

export class SavedSearchListView extends ListMeta {
  @ValidateNested({ each: true }) @Type(() => SavedSearchView) saved_searches: SavedSearchView[];
}

export class TrendingQuery {
  @IsOptional() @IsIn(SEARCH_LANGUAGES) language?: string;
  @IsOptional() @Trim() @IsString() @MaxLength(30) platform?: string;
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(MAX_TRENDING_DAYS) days?: number;
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(50) limit?: number;
}

export class TrendingQueryView {
  @IsString() text: string;
  /** Searches of it in the window. */
  @IsInt() volume: number;
  /** Change against the window before, as a fraction (1.5 = +150%); null when it was not searched then. */
  @IsOptional() @IsNumber() growth_rate: number | null;
}

export class TrendingView {
  @IsInt() days: number;
  @ValidateNested({ each: true }) @Type(() => TrendingQueryView) queries: TrendingQueryView[];
}

export const SearchFullText = endpoint<FullTextSearchDto, Record<string, never>, FullTextSearchView>({
  method: 'POST',
  path: '/api/search/full-text',
  subject: 'platform.search.full_text',
  access: { kind: 'user' },
  body: FullTextSearchDto,
  response: FullTextSearchView,
  status: 200,
  summary: 'Full-text search across the products’ public content (recipes and chefs today), Korean and English',
  description:
    'Words are matched stemmed (English) and as written (Korean and others), and by trigram similarity, so a Korean word with a particle or an English word with one typo still matches. ' +
    `\`total\` is exact up to ${SEARCH_TOTAL_CAP} matches; beyond, it may be an estimate, and then \`total_is_estimate\` is true. ` +
    'The results and their order are exact on every page.',
  tag: 'Search',
});

export const SearchAutocomplete = endpoint<Record<string, never>, AutocompleteQuery, AutocompleteView>({
  method: 'GET',
  path: '/api/search/autocomplete',
  subject: 'platform.search.autocomplete',
  access: { kind: 'user' },
  query: AutocompleteQuery,
  response: AutocompleteView,
  status: 200,
  summary: 'Suggestions for what is being typed: titles by prefix or trigram, and queries others searched',
  description:
    'A `type: query` suggestion counts the searches of that query on the last 30 days (UTC, today included); other suggestions count the documents with that title.',
  tag: 'Search',
});

export const SearchFacets = endpoint<Record<string, never>, FacetsQuery, FacetsView>({
  method: 'GET',
  path: '/api/search/facets',
  subject: 'platform.search.facets',
  access: { kind: 'user' },
  query: FacetsQuery,
  response: FacetsView,
  status: 200,
  summary: 'Counts by category, platform, publication date and type, of everything or of what `q` finds',
  tag: 'Search',
});

export const SearchSave = endpoint<SaveSearchDto, Record<string, never>, SavedSearchView>({
  method: 'POST',
  path: '/api/search/saved',
  subject: 'platform.search.saved.create',
  access: { kind: 'user' },
  body: SaveSearchDto,
  response: SavedSearchView,
  status: 201,
  idempotent: true,
  summary: 'Save a search; `is_public` shares it with everyone',
  tag: 'Search',
});

export const SearchSavedList = endpoint<Record<string, never>, SavedSearchesQuery, SavedSearchListView>({
  method: 'GET',
  path: '/api/search/saved',
  subject: 'platform.search.saved.list',
  access: { kind: 'user' },
  query: SavedSearchesQuery,
  response: SavedSearchListView,
  status: 200,
  summary: 'The caller’s saved searches and the public ones of others (`scope=mine|public|all`, default all), newest first',
  tag: 'Search',
});

export const SearchSavedDelete = endpoint<Record<string, never>, Record<string, never>, void>({
  method: 'DELETE',
  path: '/api/search/saved/:id',
  subject: 'platform.search.saved.delete',
  access: { kind: 'user' },
  params: IdParams,
  status: 204,
  summary: 'Delete one of the caller’s saved searches',
  errors: [404],
  tag: 'Search',
});

export const SearchTrending = endpoint<Record<string, never>, TrendingQuery, TrendingView>({
  method: 'GET',
  path: '/api/search/trending',
  subject: 'platform.search.trending',
  access: { kind: 'user' },
  query: TrendingQuery,
  response: TrendingView,
  status: 200,
  summary: 'The most searched queries of the last `days` (default 7, at most 14) with their growth over the days before',
  description:
    'Volume counts searchers, not searches. Each answer is kept for a minute by the service and may trail the latest searches by that much.',
  tag: 'Search',
});
