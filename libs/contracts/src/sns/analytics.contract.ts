import { Type } from 'class-transformer';
import { IsIn, IsInt, IsNumber, IsOptional, IsString, IsUUID, ValidateNested } from 'class-validator';
import { endpoint } from '../common/endpoint';
import { IdParams } from '../common/id-params';
import { PlatformName, SNS_PLATFORMS, SnsPlatform } from './sns-fields';

export class AnalyticsQuery {
  @IsOptional() @PlatformName() @IsIn(SNS_PLATFORMS) platform?: SnsPlatform;
}

export class PostMetricsView {
  @IsInt() likes: number;
  @IsInt() comments: number;
  @IsInt() shares: number;
  @IsInt() reach: number;
  @IsInt() impressions: number;
  /** likes + comments + shares. */
  @IsInt() engagement: number;
}

export class TopPerformerView extends PostMetricsView {
  @IsUUID() post_id: string;
  @IsIn(SNS_PLATFORMS) platform: SnsPlatform;
  @IsString() content: string;
  @IsOptional() @IsString() published_at: string | null;
}

export class AnalyticsView {
  /** Posts published on at least one account (on `platform`, when given). */
  @IsInt() total_posts: number;
  /** Likes, comments and shares, from each post's latest snapshot. */
  @IsInt() total_engagement: number;
  @IsInt() total_reach: number;
  /** Follower growth over the last 30 days, in percent; null until two days have been counted. */
  @IsOptional() @IsNumber() growth_rate: number | null;
  @IsInt() followers: number;
  @ValidateNested({ each: true }) @Type(() => TopPerformerView) top_performers: TopPerformerView[];
  /** When the newest snapshot was taken; null before the first. */
  @IsOptional() @IsString() updated_at: string | null;
}

export class SnapshotView extends PostMetricsView {
  @IsString() taken_at: string;
}

export class TargetAnalyticsView {
  @IsUUID() target_id: string;
  @IsIn(SNS_PLATFORMS) platform: SnsPlatform;
  @IsOptional() @IsString() external_id: string | null;
  @IsOptional() @ValidateNested() @Type(() => PostMetricsView) latest: PostMetricsView | null;
  @ValidateNested({ each: true }) @Type(() => SnapshotView) history: SnapshotView[];
}

export class PostAnalyticsView {
  @IsUUID() post_id: string;
  @ValidateNested() @Type(() => PostMetricsView) totals: PostMetricsView;
  @ValidateNested({ each: true }) @Type(() => TargetAnalyticsView) targets: TargetAnalyticsView[];
}

export const SnsAnalytics = endpoint<Record<string, never>, AnalyticsQuery, AnalyticsView>({
  method: 'GET',
  path: '/api/sns/analytics',
  aliases: [{ path: '/api/sns/analytics/dashboard' }],
  subject: 'sns.analytics.dashboard',
  access: { kind: 'user', scope: 'read:sns' },
  query: AnalyticsQuery,
  response: AnalyticsView,
  status: 200,
  summary: 'Totals over the caller’s published posts, from the metric snapshots the poller stores',
  tag: 'sns',
});

export const SnsPostAnalytics = endpoint<Record<string, never>, Record<string, never>, PostAnalyticsView>({
  method: 'GET',
  path: '/api/sns/analytics/post/:id',
  aliases: [{ path: '/api/sns/analytics/posts/:id' }],
  subject: 'sns.analytics.post',
  params: IdParams,
  access: { kind: 'user', scope: 'read:sns' },
  response: PostAnalyticsView,
  status: 200,
  summary: 'One post’s metrics per platform, latest and over time',
  tag: 'sns',
  errors: [404],
});
