import { Type } from 'class-transformer';
import { IsBoolean, IsInt, IsISO8601, IsNumber, IsObject, IsOptional, IsString, ValidateNested } from 'class-validator';
import { endpoint } from '../common/endpoint';
import { PeriodQuery } from './subscriptions.contract';

export class RevenueMetricsView {
  @IsISO8601() period_start: string;
  @IsISO8601() period_end: string;
  @IsInt() total_mrr_krw: number;
  @IsInt() total_arr_krw: number;
  /** MRR over the accounts holding an entitling subscription; null with none. */
  @IsOptional() @IsInt() avg_revenue_per_user: number | null;
  /** MRR change since the daily snapshot nearest to the period's start, in percent; null without one. */
  @IsOptional() @IsNumber() growth_rate_pct: number | null;
  /** Charges completed in the period (subscriptions and one-off payments). */
  @IsInt() gross_revenue_krw: number;
  @IsInt() refunded_krw: number;
  @IsInt() net_revenue_krw: number;
  @IsInt() payments_count: number;
  @IsInt() refunds_count: number;
  /** Per UTC day of the period: charges and refunds (days without either left out). */
  daily: { day: string; gross_krw: number; refunded_krw: number }[];
  @IsString({ each: true }) notes: string[];
}

export class UserMetricsView {
  @IsInt() total_users: number;
  @IsInt() new_users_7d: number;
  @IsInt() new_users_in_period: number;
  /** Accounts with a sign-in, token refresh or other own activity in the last 30 days. */
  @IsInt() active_users: number;
  @IsOptional() @IsNumber() churn_rate: number | null;
  /** Of the accounts registered before the last 30 days, the share active in them; null with none. */
  @IsOptional() @IsNumber() retention_rate: number | null;
  @IsString({ each: true }) notes: string[];
}

export class EngagementMetricsView {
  @IsInt() total_posts: number;
  @IsOptional() @IsNumber() avg_engagement_rate: number | null;
  /** The event types most frequent in the period, with their counts. */
  trending_content: { type: string; count: number }[];
  /** Events per product in the period, and the distinct accounts behind them. */
  user_activity: { source: string; events: number; users: number }[];
  @IsString({ each: true }) notes: string[];
}

export class SourceMetricsView {
  @IsString() source: string;
  /** Events of each type in the period. */
  @IsObject() events: Record<string, number>;
  /** Breakdowns the events carry (per platform for SNS, per campaign status for reviews). */
  @IsObject() breakdown: Record<string, Record<string, number>>;
  @IsString({ each: true }) notes: string[];
}

export class ServiceTraffic {
  @IsString() service: string;
  @IsInt() requests: number;
  @IsInt() errors: number;
  @IsOptional() @IsNumber() error_rate: number | null;
  @IsOptional() @IsNumber() avg_response_time_ms: number | null;
}

export class PingView {
  @IsBoolean() ok: boolean;
  @IsOptional() @IsNumber() latency_ms: number | null;
  @IsOptional() @IsString() error: string | null;
}

export class HealthMetricsView {
  /** Share of the period's minutes with gateway traffic and no 5xx answer, in percent; null without summaries. */
  @IsOptional() @IsNumber() api_uptime_pct: number | null;
  @IsOptional() @IsNumber() error_rate: number | null;
  @IsOptional() @IsNumber() avg_response_time_ms: number | null;
  @IsInt() requests: number;
  @ValidateNested({ each: true }) @Type(() => ServiceTraffic) services: ServiceTraffic[];
  /** Minutes summarised in the period. */
  @IsInt() minutes: number;
  @ValidateNested() @Type(() => PingView) database_health: PingView;
  @ValidateNested() @Type(() => PingView) redis_health: PingView;
  @IsString({ each: true }) notes: string[];
}

const metric = <R>(name: string, response: new () => R, summary: string) =>
  endpoint<Record<string, never>, PeriodQuery, R>({
    method: 'GET',
    path: `/api/admin/metrics/${name}`,
    subject: `admin.metrics.${name}`,
    access: { kind: 'user', permission: 'ANALYTICS_READ' },
    query: PeriodQuery,
    response,
    status: 200,
    summary,
    tag: 'admin',
  });

export const AdminMetricsRevenue = metric(
  'revenue',
  RevenueMetricsView,
  'MRR, ARR, ARPU, growth from daily snapshots, and the period’s charges and refunds',
);
export const AdminMetricsUsers = metric(
  'users',
  UserMetricsView,
  'Sign-ups, active accounts (own activity in 30 days), churn and retention',
);
export const AdminMetricsEngagement = metric(
  'engagement',
  EngagementMetricsView,
  'Activity per product over the period, from the event history',
);
export const AdminMetricsSns = metric(
  'sns',
  SourceMetricsView,
  "SNS events per type and per platform over the period (empty until SNS's events land)",
);
export const AdminMetricsReviews = metric('reviews', SourceMetricsView, 'Review-program events per type over the period');
export const AdminMetricsHealth = metric(
  'health',
  HealthMetricsView,
  "Per-service requests and error rates from the gateway's one-minute traffic summaries, and database and Redis pings",
);
