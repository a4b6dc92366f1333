import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsBoolean,
  IsIn,
  IsInt,
  IsNumber,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { endpoint } from '../common/endpoint';
import { IdParams } from '../common/id-params';
import { ListMeta, PageQuery, sortValues } from '../common/pagination';
import { Trim } from '../common/trim';
import { IsCalendarDate, IsImageRef, TIME_OF_DAY } from './coocook-fields';

export const MIN_HOURLY_RATE_KRW = 1_000;
export const MAX_HOURLY_RATE_KRW = 10_000_000;

/** `Asia/Seoul`-style IANA zone names; the service checks the zone exists. */
const TIME_ZONE = /^[A-Za-z_]+(?:\/[A-Za-z0-9_+-]+){0,2}$|^UTC$/;

/** `POST /api/coocook/chef/register`: the caller becomes a chef (and gains the chef role). */
export class RegisterChefDto {
  @Trim() @IsString() @Length(1, 100) name: string;
  @IsOptional() @IsString() @MaxLength(4000) bio?: string;
  @Trim() @IsString() @Length(1, 50) cuisine: string;
  @Trim() @IsString() @Length(1, 100) location: string;
  @IsInt() @Min(MIN_HOURLY_RATE_KRW) @Max(MAX_HOURLY_RATE_KRW) hourly_rate_krw: number;
  @IsOptional() @IsString() @IsImageRef() image_url?: string;
  /** The zone the chef's availability is written in; default Asia/Seoul. */
  @IsOptional() @IsString() @Matches(TIME_ZONE) time_zone?: string;
}

/** Absent fields stay as they are; `image_url: null` removes the picture. */
export class UpdateChefDto {
  @ValidateIf((_dto, value) => value !== undefined) @Trim() @IsString() @Length(1, 100) name?: string;
  @ValidateIf((_dto, value) => value !== undefined) @IsString() @MaxLength(4000) bio?: string;
  @ValidateIf((_dto, value) => value !== undefined) @Trim() @IsString() @Length(1, 50) cuisine?: string;
  @ValidateIf((_dto, value) => value !== undefined) @Trim() @IsString() @Length(1, 100) location?: string;
  @ValidateIf((_dto, value) => value !== undefined) @IsInt() @Min(MIN_HOURLY_RATE_KRW) @Max(MAX_HOURLY_RATE_KRW) hourly_rate_krw?: number;
  @IsOptional() @IsString() @IsImageRef() image_url?: string | null;
  @ValidateIf((_dto, value) => value !== undefined) @IsString() @Matches(TIME_ZONE) time_zone?: string;
}

export const CHEF_SORT_FIELDS = ['rating_avg', 'rating_count', 'hourly_rate_krw', 'created_at', 'name', 'followers_count'] as const;
export type ChefSortField = (typeof CHEF_SORT_FIELDS)[number];

export class ChefListQuery extends PageQuery {
  @IsOptional() @Trim() @IsString() @Length(1, 50) cuisine?: string;
  @IsOptional() @Trim() @IsString() @Length(1, 100) location?: string;
  /** Lowest hourly rate, KRW. */
  @IsOptional() @Type(() => Number) @IsInt() @Min(0) min_price?: number;
  /** Highest hourly rate, KRW. */
  @IsOptional() @Type(() => Number) @IsInt() @Min(0) max_price?: number;
  @IsOptional() @Type(() => Number) @IsNumber({ allowNaN: false, allowInfinity: false }) @Min(0) @Max(5) min_rating?: number;
  /** Free text over name, bio, cuisine and location. */
  @IsOptional() @Trim() @IsString() @Length(1, 200) search?: string;
  @IsOptional() @IsIn(sortValues(CHEF_SORT_FIELDS)) sort?: string;
  @IsOptional() @IsIn(CHEF_SORT_FIELDS) sort_by?: string;
}

export class ChefView {
  @IsUUID() id: string;
  @IsUUID() user_id: string;
  @IsString() name: string;
  @IsString() bio: string;
  @IsString() cuisine: string;
  @IsString() location: string;
  @IsInt() hourly_rate_krw: number;
  @IsOptional() @IsString() image_url: string | null;
  @IsString() time_zone: string;
  /** Mean of the reviews, two decimals; 0 without reviews. */
  @IsNumber() rating_avg: number;
  @IsInt() rating_count: number;
  @IsInt() followers_count: number;
  @IsString() created_at: string;
  @IsString() updated_at: string;
}

export class ChefListView extends ListMeta {
  @ValidateNested({ each: true }) @Type(() => ChefView) chefs: ChefView[];
}

export class ChefReviewView {
  @IsUUID() id: string;
  @IsUUID() booking_id: string;
  @IsUUID() chef_id: string;
  @IsUUID() guest_id: string;
  @IsInt() rating: number;
  @IsOptional() @IsString() comment: string | null;
  @IsString() created_at: string;
}

export class ChefRatingSummary {
  @IsNumber() average: number;
  @IsInt() count: number;
  /** Reviews per star, `{"1": n, ..., "5": n}`. */
  @IsObject() distribution: Record<'1' | '2' | '3' | '4' | '5', number>;
}

export class ChefDetailView extends ChefView {
  @ValidateNested() @Type(() => ChefRatingSummary) rating_summary: ChefRatingSummary;
  @ValidateNested({ each: true }) @Type(() => ChefReviewView) recent_reviews: ChefReviewView[];
}

export class ChefReviewListView extends ListMeta {
  @ValidateNested({ each: true }) @Type(() => ChefReviewView) reviews: ChefReviewView[];
}

/** A weekly window in the chef's zone; `day_of_week` 0 = Sunday ... 6 = Saturday. */
export class WeeklySlotDto {
  @IsInt() @Min(0) @Max(6) day_of_week: number;
  @IsString() @Matches(TIME_OF_DAY, { message: 'start_time must be HH:MM' }) start_time: string;
  @IsString() @Matches(TIME_OF_DAY, { message: 'end_time must be HH:MM' }) end_time: string;
}

/** One day that differs from the week: off (`available: false`), or open in the given window. */
export class AvailabilityExceptionDto {
  @IsString() @IsCalendarDate() date: string;
  @IsBoolean() available: boolean;
  @ValidateIf((dto: AvailabilityExceptionDto) => dto.available === true || dto.start_time !== undefined)
  @IsString()
  @Matches(TIME_OF_DAY, { message: 'start_time must be HH:MM' })
  start_time?: string;
  @ValidateIf((dto: AvailabilityExceptionDto) => dto.available === true || dto.end_time !== undefined)
  @IsString()
  @Matches(TIME_OF_DAY, { message: 'end_time must be HH:MM' })
  end_time?: string;
}

/** Replaces the chef's availability. Empty `weekly` and `exceptions`: any future slot is bookable. */
export class UpdateAvailabilityDto {
  @IsOptional() @IsString() @Matches(TIME_ZONE) time_zone?: string;
  @ArrayMaxSize(70) @ValidateNested({ each: true }) @Type(() => WeeklySlotDto) weekly: WeeklySlotDto[];
  @IsOptional()
  @ArrayMaxSize(366)
  @ValidateNested({ each: true })
  @Type(() => AvailabilityExceptionDto)
  exceptions?: AvailabilityExceptionDto[];
}

export class WeeklySlotView {
  @IsInt() day_of_week: number;
  @IsString() start_time: string;
  @IsString() end_time: string;
}

export class AvailabilityExceptionView {
  @IsString() date: string;
  @IsBoolean() available: boolean;
  @IsOptional() @IsString() start_time: string | null;
  @IsOptional() @IsString() end_time: string | null;
}

export class AvailabilityView {
  @IsUUID() chef_id: string;
  @IsString() time_zone: string;
  /** False while the chef has set nothing: then any future slot is bookable. */
  @IsBoolean() restricted: boolean;
  @ValidateNested({ each: true }) @Type(() => WeeklySlotView) weekly: WeeklySlotView[];
  @ValidateNested({ each: true }) @Type(() => AvailabilityExceptionView) exceptions: AvailabilityExceptionView[];
  @IsOptional() @IsString() updated_at: string | null;
}

export class FollowView {
  @IsUUID() chef_id: string;
  @IsBoolean() following: boolean;
  @IsInt() followers_count: number;
}

export const FEED_ACTIVITY_KINDS = ['recipe.published', 'chef.reviewed'] as const;
export type FeedActivityKind = (typeof FEED_ACTIVITY_KINDS)[number];

export class FeedActivityView {
  @IsUUID() id: string;
  @IsIn(FEED_ACTIVITY_KINDS) kind: FeedActivityKind;
  @IsUUID() chef_id: string;
  @IsString() chef_name: string;
  /** The recipe or the review the activity is about. */
  @IsUUID() subject_id: string;
  @IsString() summary: string;
  @IsObject() data: Record<string, unknown>;
  @IsString() created_at: string;
}

export class FeedView extends ListMeta {
  @ValidateNested({ each: true }) @Type(() => FeedActivityView) activities: FeedActivityView[];
}

export class FeedQuery extends PageQuery {
  @IsOptional() @IsIn(FEED_ACTIVITY_KINDS) kind?: FeedActivityKind;
}

export class ChefReviewsQuery extends PageQuery {}

export const ChefRegister = endpoint<RegisterChefDto, Record<string, never>, ChefView>({
  method: 'POST',
  path: '/api/coocook/chef/register',
  aliases: [{ path: '/api/coocook/chefs/register' }],
  subject: 'coocook.chefs.register',
  access: { kind: 'user', scope: 'write:coocook' },
  body: RegisterChefDto,
  response: ChefView,
  status: 201,
  idempotent: true,
  summary: 'Register the caller as a chef; the account gains the chef role (in tokens issued from now on)',
  tag: 'coocook',
  errors: [409],
});

export const ChefList = endpoint<Record<string, never>, ChefListQuery, ChefListView>({
  method: 'GET',
  path: '/api/coocook/chefs',
  subject: 'coocook.chefs.list',
  access: { kind: 'public' },
  query: ChefListQuery,
  response: ChefListView,
  status: 200,
  summary: 'Browse chefs: filter by cuisine, location, price range, rating and free text; sort and page',
  tag: 'coocook',
});

export const ChefGet = endpoint<Record<string, never>, Record<string, never>, ChefDetailView>({
  method: 'GET',
  path: '/api/coocook/chefs/:id',
  aliases: [{ path: '/api/coocook/chef/:id' }],
  subject: 'coocook.chefs.get',
  params: IdParams,
  access: { kind: 'public' },
  response: ChefDetailView,
  status: 200,
  summary: "A chef's profile with the rating summary and the latest reviews",
  tag: 'coocook',
  errors: [404],
});

export const ChefUpdate = endpoint<UpdateChefDto, Record<string, never>, ChefView>({
  method: 'PUT',
  path: '/api/coocook/chefs/:id',
  aliases: [{ path: '/api/coocook/chef/:id' }],
  subject: 'coocook.chefs.update',
  params: IdParams,
  access: { kind: 'user', scope: 'write:coocook' },
  body: UpdateChefDto,
  response: ChefView,
  status: 200,
  summary: "Update the caller's own chef profile",
  tag: 'coocook',
  errors: [404],
});

export const ChefReviews = endpoint<Record<string, never>, ChefReviewsQuery, ChefReviewListView>({
  method: 'GET',
  path: '/api/coocook/chefs/:id/reviews',
  aliases: [{ path: '/api/coocook/chef/:id/reviews' }],
  subject: 'coocook.chefs.reviews',
  params: IdParams,
  access: { kind: 'public' },
  query: ChefReviewsQuery,
  response: ChefReviewListView,
  status: 200,
  summary: "A chef's reviews, newest first",
  tag: 'coocook',
  errors: [404],
});

export const ChefAvailabilityGet = endpoint<Record<string, never>, Record<string, never>, AvailabilityView>({
  method: 'GET',
  path: '/api/coocook/chefs/:id/availability',
  aliases: [{ path: '/api/coocook/chef/:id/availability' }],
  subject: 'coocook.chefs.availability.get',
  params: IdParams,
  access: { kind: 'user', scope: 'read:coocook' },
  response: AvailabilityView,
  status: 200,
  summary: "A chef's weekly availability and exceptions",
  tag: 'coocook',
  errors: [404],
});

export const ChefAvailabilityUpdate = endpoint<UpdateAvailabilityDto, Record<string, never>, AvailabilityView>({
  method: 'PUT',
  path: '/api/coocook/chefs/:id/availability',
  aliases: [{ path: '/api/coocook/chef/:id/availability' }],
  subject: 'coocook.chefs.availability.update',
  params: IdParams,
  access: { kind: 'user', scope: 'write:coocook' },
  body: UpdateAvailabilityDto,
  response: AvailabilityView,
  status: 200,
  summary: "Replace the caller's own availability (weekly windows and exceptions)",
  tag: 'coocook',
  errors: [404],
});

export const ChefFollow = endpoint<Record<string, never>, Record<string, never>, FollowView>({
  method: 'POST',
  path: '/api/coocook/chefs/:id/follow',
  aliases: [{ path: '/api/coocook/chef/:id/follow' }],
  subject: 'coocook.chefs.follow',
  params: IdParams,
  access: { kind: 'user', scope: 'write:coocook' },
  response: FollowView,
  status: 200,
  summary: 'Follow a chef (idempotent)',
  tag: 'coocook',
  errors: [404],
});

export const ChefUnfollow = endpoint<Record<string, never>, Record<string, never>, void>({
  method: 'DELETE',
  path: '/api/coocook/chefs/:id/follow',
  aliases: [{ path: '/api/coocook/chef/:id/follow' }],
  subject: 'coocook.chefs.unfollow',
  params: IdParams,
  access: { kind: 'user', scope: 'write:coocook' },
  status: 204,
  summary: 'Stop following a chef (idempotent)',
  tag: 'coocook',
  errors: [404],
});

export const CoocookFeed = endpoint<Record<string, never>, FeedQuery, FeedView>({
  method: 'GET',
  path: '/api/coocook/feed',
  subject: 'coocook.feed.list',
  access: { kind: 'user', scope: 'read:coocook' },
  query: FeedQuery,
  response: FeedView,
  status: 200,
  summary: 'Activity of the chefs the caller follows: new recipes and reviews, newest first',
  tag: 'coocook',
});
