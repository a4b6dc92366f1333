import { Type } from 'class-transformer';
import { IsIn, IsInt, IsNumber, IsOptional, IsString, IsUUID, Length, Matches, Max, Min, ValidateNested } from 'class-validator';
import { endpoint } from '../common/endpoint';
import { IdParams } from '../common/id-params';
import { ListMeta, PageQuery } from '../common/pagination';
import { Trim } from '../common/trim';
import { PlatformName, SNS_PLATFORMS, SnsPlatform } from './sns-fields';

export class SnsTrendingQuery {
  @IsOptional() @PlatformName() @IsIn(SNS_PLATFORMS) platform?: SnsPlatform;
  /** Accepted for the seeds' clients; trends are as the platform reports them. */
  @IsOptional() @IsString() @Length(2, 5) language?: string;
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(50) limit?: number;
}

export class SnsTrendView {
  @IsString() name: string;
  @IsInt() volume: number;
  /** Change in volume between the last two hourly snapshots, percent; null when new. */
  @IsOptional() @IsNumber() growth_rate: number | null;
}

export class SnsTrendingView {
  @IsIn(SNS_PLATFORMS) platform: SnsPlatform;
  @IsString({ each: true }) trending_topics: string[];
  @IsInt({ each: true }) volume: number[];
  growth_rate: (number | null)[];
  @ValidateNested({ each: true }) @Type(() => SnsTrendView) topics: SnsTrendView[];
  /** When the latest snapshot was taken; null before the first. */
  @IsOptional() @IsString() taken_at: string | null;
}

export class CreateCompetitorDto {
  @PlatformName() @IsIn(SNS_PLATFORMS) platform: SnsPlatform;
  @Trim() @IsString() @Length(1, 100) @Matches(/^@?[A-Za-z0-9._]+$/, { message: 'username must be a handle' }) username: string;
}

export class CompetitorView {
  @IsUUID() id: string;
  @IsUUID() competitor_id: string;
  @IsIn(SNS_PLATFORMS) platform: SnsPlatform;
  @IsString() username: string;
  @IsString() platform_user_id: string;
  @IsInt() follower_count: number;
  @IsString() created_at: string;
}

export class CompetitorListView extends ListMeta {
  @ValidateNested({ each: true }) @Type(() => CompetitorView) competitors: CompetitorView[];
}

export class CompetitorPostView {
  @IsString() id: string;
  @IsString() text: string;
  @IsInt() likes: number;
  @IsInt() comments: number;
  @IsInt() engagement: number;
  @IsString() created_at: string;
}

export class CompetitorAnalysisView {
  @IsUUID() competitor_id: string;
  @IsIn(SNS_PLATFORMS) platform: SnsPlatform;
  @IsString() username: string;
  @IsInt() follower_count: number;
  /** Likes + comments per recent post; null without posts. */
  @IsOptional() @IsNumber() avg_engagement: number | null;
  /** Recent posts per week over the span they cover; null with fewer than two. */
  @IsOptional() @IsNumber() posting_frequency: number | null;
  /** Followers gained since the competitor was added. */
  @IsInt() follower_change: number;
  @ValidateNested({ each: true }) @Type(() => CompetitorPostView) top_posts: CompetitorPostView[];
}

const user = (scope: string) => ({ kind: 'user' as const, scope });

export const SnsTrending = endpoint<Record<string, never>, SnsTrendingQuery, SnsTrendingView>({
  method: 'GET',
  path: '/api/sns/trending',
  subject: 'sns.trending.list',
  access: user('read:sns'),
  query: SnsTrendingQuery,
  response: SnsTrendingView,
  status: 200,
  summary: 'Trending topics from the hourly trend snapshots, with growth from the last two',
  tag: 'sns',
});

export const SnsCompetitorCreate = endpoint<CreateCompetitorDto, Record<string, never>, CompetitorView>({
  method: 'POST',
  path: '/api/sns/competitor',
  aliases: [{ path: '/api/sns/competitors' }],
  subject: 'sns.competitors.create',
  access: user('write:sns'),
  body: CreateCompetitorDto,
  response: CompetitorView,
  status: 201,
  idempotent: true,
  summary: 'Track a public account (looked up at the platform through one of your connected accounts; unknown: 422)',
  tag: 'sns',
  errors: [503],
});

export const SnsCompetitorList = endpoint<Record<string, never>, PageQuery, CompetitorListView>({
  method: 'GET',
  path: '/api/sns/competitor',
  aliases: [{ path: '/api/sns/competitors' }],
  subject: 'sns.competitors.list',
  access: user('read:sns'),
  query: PageQuery,
  response: CompetitorListView,
  status: 200,
  summary: 'The accounts the caller tracks',
  tag: 'sns',
});

export const SnsCompetitorDelete = endpoint<Record<string, never>, Record<string, never>, void>({
  method: 'DELETE',
  path: '/api/sns/competitor/:id',
  aliases: [{ path: '/api/sns/competitors/:id' }],
  subject: 'sns.competitors.delete',
  params: IdParams,
  access: user('write:sns'),
  status: 204,
  summary: 'Stop tracking an account',
  tag: 'sns',
  errors: [404],
});

export const SnsCompetitorAnalysis = endpoint<Record<string, never>, Record<string, never>, CompetitorAnalysisView>({
  method: 'GET',
  path: '/api/sns/competitor/:id/analysis',
  aliases: [{ path: '/api/sns/competitors/:id/analysis' }],
  subject: 'sns.competitors.analysis',
  params: IdParams,
  access: user('read:sns'),
  response: CompetitorAnalysisView,
  status: 200,
  summary: 'A tracked account now: followers, engagement per post, posts per week, its best posts',
  tag: 'sns',
  errors: [404, 503],
});
