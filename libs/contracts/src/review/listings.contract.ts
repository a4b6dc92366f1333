import { Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, IsUUID, Min, ValidateNested } from 'class-validator';
import { endpoint } from '../common/endpoint';
import { IdParams } from '../common/id-params';
import { ListMeta, PageQuery, sortValues } from '../common/pagination';
import { CategoryValue, LISTING_PLATFORMS, ListingPlatform, REVIEW_CATEGORY_NAMES } from './review-fields';

export const LISTING_STATUSES = ['open', 'closed'] as const;
export type ListingStatus = (typeof LISTING_STATUSES)[number];

export const LISTING_SORT_FIELDS = ['reward_value', 'reward_krw', 'deadline', 'created_at', 'title'] as const;
export type ListingSortField = (typeof LISTING_SORT_FIELDS)[number];

export class ListingListQuery extends PageQuery {
  @IsOptional() @IsIn(LISTING_PLATFORMS) platform?: ListingPlatform;
  @IsOptional() @CategoryValue() @IsIn(REVIEW_CATEGORY_NAMES) category?: string;
  @IsOptional() @Type(() => Number) @IsInt() @Min(0) min_reward_krw?: number;
  /** Default `open`. */
  @IsOptional() @IsIn([...LISTING_STATUSES, 'all']) status?: ListingStatus | 'all';
  @IsOptional() @IsIn(sortValues(LISTING_SORT_FIELDS)) sort?: string;
  @IsOptional() @IsIn(LISTING_SORT_FIELDS) sort_by?: string;
}

export class ListingView {
  @IsUUID() id: string;
  @IsUUID() listing_id: string;
  @IsIn(LISTING_PLATFORMS) source_platform: ListingPlatform;
  @IsString() external_id: string;
  @IsString() title: string;
  @IsString() category: string;
  @IsInt() reward_krw: number;
  /** The same KRW figure, under the name the seed sorts by. */
  @IsInt() reward_value: number;
  @IsString() reward_description: string;
  @IsOptional() @IsString() deadline: string | null;
  @IsOptional() @IsInt() max_applicants: number | null;
  @IsOptional() @IsInt() applicant_count: number | null;
  @IsString() url: string;
  @IsIn(LISTING_STATUSES) status: ListingStatus;
  /** True when the platform takes applications through its API; else the user applies on its page. */
  @IsBoolean() accepts_api_applications: boolean;
  @IsBoolean() bookmarked: boolean;
  @IsString() first_seen_at: string;
  @IsString() last_seen_at: string;
  @IsOptional() @IsString() closed_at: string | null;
}

export class ListingListView extends ListMeta {
  @ValidateNested({ each: true }) @Type(() => ListingView) listings: ListingView[];
}

export class CategoryView {
  @IsString() slug: string;
  @IsString() name: string;
  @IsInt() open_listings: number;
}
export class CategoryListView {
  @ValidateNested({ each: true }) @Type(() => CategoryView) categories: CategoryView[];
  @IsInt() total: number;
}

export class PlatformView {
  @IsString() id: string;
  @IsString() name: string;
  @IsString() kind: 'listings' | 'accounts';
  @IsBoolean() accepts_api_applications: boolean;
  @IsInt() open_listings: number;
}
export class PlatformListView {
  @ValidateNested({ each: true }) @Type(() => PlatformView) platforms: PlatformView[];
  @IsInt() total: number;
}

export class ScrapeNowDto {
  /** Only these platforms; default all. */
  @IsOptional() @IsIn(LISTING_PLATFORMS) platform?: ListingPlatform;
}

export class ScrapeNowView {
  @IsIn(['running', 'queued']) scraper_status: 'running' | 'queued';
  @IsInt() estimated_time_seconds: number;
  @IsString({ each: true }) platforms: string[];
}

export class ScrapeStatusEntry {
  @IsIn(LISTING_PLATFORMS) platform: ListingPlatform;
  @IsIn(['idle', 'running', 'queued']) status: 'idle' | 'running' | 'queued';
  @IsOptional() @IsString() last_scrape_time: string | null;
  @IsOptional() @IsString() last_success_time: string | null;
  @IsOptional() @IsString() next_scrape_time: string | null;
  @IsInt() listings_found: number;
  @IsInt() runs: number;
  @IsOptional() @IsString() last_error: string | null;
  @IsOptional() @IsString() last_error_time: string | null;
}
export class ScrapeStatusView {
  @ValidateNested({ each: true }) @Type(() => ScrapeStatusEntry) platforms: ScrapeStatusEntry[];
}

export const ListingAggregated = endpoint<Record<string, never>, ListingListQuery, ListingListView>({
  method: 'GET',
  path: '/api/review/aggregated',
  subject: 'review.listings.aggregated',
  access: { kind: 'user', scope: 'read:review' },
  query: ListingListQuery,
  response: ListingListView,
  status: 200,
  summary: 'Listings gathered from every review platform, filtered and sorted',
  tag: 'review',
});

export const ListingBookmarked = endpoint<Record<string, never>, PageQuery, ListingListView>({
  method: 'GET',
  path: '/api/review/listings/bookmarked',
  subject: 'review.listings.bookmarked',
  access: { kind: 'user', scope: 'read:review' },
  query: PageQuery,
  response: ListingListView,
  status: 200,
  summary: "The caller's bookmarked listings, newest bookmark first",
  tag: 'review',
});

export const ListingGet = endpoint<Record<string, never>, Record<string, never>, ListingView>({
  method: 'GET',
  path: '/api/review/listings/:id',
  aliases: [{ path: '/api/review/listing/:id' }],
  subject: 'review.listings.get',
  params: IdParams,
  access: { kind: 'user', scope: 'read:review' },
  response: ListingView,
  status: 200,
  summary: 'One listing',
  tag: 'review',
  errors: [404],
});

export const ListingBookmark = endpoint<Record<string, never>, Record<string, never>, ListingView>({
  method: 'POST',
  path: '/api/review/listings/:id/bookmark',
  subject: 'review.listings.bookmark',
  params: IdParams,
  access: { kind: 'user', scope: 'write:review' },
  response: ListingView,
  status: 200,
  summary: 'Bookmark a listing (again: no change)',
  tag: 'review',
  errors: [404],
});

export const ListingUnbookmark = endpoint<Record<string, never>, Record<string, never>, void>({
  method: 'DELETE',
  path: '/api/review/listings/:id/bookmark',
  subject: 'review.listings.unbookmark',
  params: IdParams,
  access: { kind: 'user', scope: 'write:review' },
  status: 204,
  summary: 'Remove a bookmark',
  tag: 'review',
  errors: [404],
});

export const CategoryList = endpoint<Record<string, never>, Record<string, never>, CategoryListView>({
  method: 'GET',
  path: '/api/review/categories',
  subject: 'review.categories.list',
  access: { kind: 'user', scope: 'read:review' },
  response: CategoryListView,
  status: 200,
  summary: 'The categories listings and campaigns are filed under, with open listing counts',
  tag: 'review',
});

export const PlatformList = endpoint<Record<string, never>, Record<string, never>, PlatformListView>({
  method: 'GET',
  path: '/api/review/platforms',
  subject: 'review.platforms.list',
  access: { kind: 'user', scope: 'read:review' },
  response: PlatformListView,
  status: 200,
  summary: 'The listing platforms gathered from and the account platforms accepted',
  tag: 'review',
});

export const ScrapeNow = endpoint<ScrapeNowDto, Record<string, never>, ScrapeNowView>({
  method: 'POST',
  path: '/api/review/scrape/now',
  subject: 'review.scrape.now',
  access: { kind: 'user', scope: 'write:review' },
  body: ScrapeNowDto,
  response: ScrapeNowView,
  status: 200,
  summary: 'Ask for a scrape now: joins a run already under way; limited per user',
  tag: 'review',
  errors: [429],
});

export const ScrapeStatus = endpoint<Record<string, never>, Record<string, never>, ScrapeStatusView>({
  method: 'GET',
  path: '/api/review/scrape/status',
  subject: 'review.scrape.status',
  access: { kind: 'user', scope: 'read:review' },
  response: ScrapeStatusView,
  status: 200,
  summary: 'Per platform: the last scrape, the next one, listings found, the last error',
  tag: 'review',
});
