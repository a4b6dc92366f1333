import { Type } from 'class-transformer';
import { IsInt, IsNumber, IsString, ValidateNested } from 'class-validator';
import { endpoint } from '../common/endpoint';

export class ReviewDashboardView {
  @IsInt() total_applications: number;
  /** Selected ÷ decided (selected or rejected), 0..1. */
  @IsNumber() selection_rate: number;
  @IsInt() total_rewards_krw: number;
  @IsInt() received_rewards_krw: number;
  /** Selected applications whose review is still to be handed in. */
  @IsInt() pending_reviews: number;
  @IsInt() pending_applications: number;
  @IsInt() accounts: number;
  @IsInt() bookmarks: number;
}

export class PlatformCount {
  @IsString() platform: string;
  @IsInt() applications: number;
}
export class CategorySuccess {
  @IsString() category: string;
  @IsInt() applications: number;
  @IsInt() selected: number;
  @IsNumber() success_rate: number;
}
export class SourceEarnings {
  @IsString() source_platform: string;
  @IsInt() total_krw: number;
}
export class MonthTrend {
  /** `YYYY-MM`, UTC. */
  @IsString() month: string;
  @IsInt() applications: number;
  @IsInt() selected: number;
  @IsInt() rewards_krw: number;
}

export class ReviewAnalyticsView {
  @ValidateNested({ each: true }) @Type(() => PlatformCount) applications_by_platform: PlatformCount[];
  @ValidateNested({ each: true }) @Type(() => CategorySuccess) success_by_category: CategorySuccess[];
  @ValidateNested({ each: true }) @Type(() => SourceEarnings) earnings_by_source: SourceEarnings[];
  /** The last twelve months with activity, oldest first. */
  @ValidateNested({ each: true }) @Type(() => MonthTrend) trends: MonthTrend[];
}

export class MonthEarnings {
  @IsString() month: string;
  @IsInt() total_krw: number;
}

export class ReviewEarningsView {
  @IsInt() total_krw: number;
  @IsInt() received_krw: number;
  @IsInt() pending_krw: number;
  @ValidateNested({ each: true }) @Type(() => MonthEarnings) by_month: MonthEarnings[];
  @ValidateNested({ each: true }) @Type(() => SourceEarnings) by_source: SourceEarnings[];
}

export class PlatformSuccess {
  @IsString() platform: string;
  @IsNumber() success_rate: number;
  @IsInt() applications_count: number;
  @IsInt() avg_reward_krw: number;
}

export class SuccessRateView {
  @ValidateNested({ each: true }) @Type(() => PlatformSuccess) platforms: PlatformSuccess[];
  @IsInt() total: number;
}

export const ReviewDashboard = endpoint<Record<string, never>, Record<string, never>, ReviewDashboardView>({
  method: 'GET',
  path: '/api/review/dashboard',
  aliases: [{ path: '/api/review/analytics/dashboard' }],
  subject: 'review.analytics.dashboard',
  access: { kind: 'user', scope: 'read:review' },
  response: ReviewDashboardView,
  status: 200,
  summary: "The caller's totals: applications, selection rate, rewards, reviews due",
  tag: 'review',
});

export const ReviewAnalytics = endpoint<Record<string, never>, Record<string, never>, ReviewAnalyticsView>({
  method: 'GET',
  path: '/api/review/analytics',
  subject: 'review.analytics.overview',
  access: { kind: 'user', scope: 'read:review' },
  response: ReviewAnalyticsView,
  status: 200,
  summary: "The caller's applications by platform, success by category, earnings by source, monthly trends",
  tag: 'review',
});

export const ReviewEarnings = endpoint<Record<string, never>, Record<string, never>, ReviewEarningsView>({
  method: 'GET',
  path: '/api/review/analytics/earnings',
  subject: 'review.analytics.earnings',
  access: { kind: 'user', scope: 'read:review' },
  response: ReviewEarningsView,
  status: 200,
  summary: "The caller's rewards in KRW by month and by source",
  tag: 'review',
});

export const ReviewSuccessRate = endpoint<Record<string, never>, Record<string, never>, SuccessRateView>({
  method: 'GET',
  path: '/api/review/success-rate',
  subject: 'review.analytics.success_rate',
  access: { kind: 'user', scope: 'read:review' },
  response: SuccessRateView,
  status: 200,
  summary: "Per platform: the caller's selection rate, applications and average reward",
  tag: 'review',
});
