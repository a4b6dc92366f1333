import { Type } from 'class-transformer';
import { IsIn, IsInt, IsNumber, IsObject, IsOptional, IsString, Matches, Max, Min, ValidateNested } from 'class-validator';
import type { BinaryReply } from '../common/endpoint';
import { endpoint } from '../common/endpoint';
import { Trim } from '../common/trim';
import { EngagementMetricsView, HealthMetricsView, RevenueMetricsView, UserMetricsView } from './metrics.contract';
import { PeriodQuery } from './subscriptions.contract';

/** Signup months from `date_from` to `date_to` (default: the last 6 months), each followed for up to `months`. */
export class CohortQuery extends PeriodQuery {
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(24) months?: number;
}

export class CohortRow {
  /** The signup month, `YYYY-MM` (UTC). */
  @IsString() cohort: string;
  @IsInt() size: number;
  /** Accounts of the cohort active in month k after signup (k = 0, 1, ...), up to the current month. */
  @IsInt({ each: true }) active: number[];
  /** active[k] / size, rounded to 4 places. */
  @IsNumber({}, { each: true }) rates: number[];
}

export class CohortView {
  @ValidateNested({ each: true }) @Type(() => CohortRow) cohorts: CohortRow[];
  @IsString() method: string;
  @IsString({ each: true }) notes: string[];
}

export class RetentionRow {
  @IsString() cohort: string;
  @IsInt() size: number;
  /** Accounts active in month k after signup or any later month (k = 0, 1, ...). */
  @IsInt({ each: true }) retained: number[];
  @IsNumber({}, { each: true }) rates: number[];
}

export class RetentionView {
  @ValidateNested({ each: true }) @Type(() => RetentionRow) cohorts: RetentionRow[];
  @IsString() method: string;
  @IsString({ each: true }) notes: string[];
}

export class FunnelQuery extends PeriodQuery {
  /** Event types in order, comma-separated (`user.registered,subscription.created`); default: registered → subscribed → paid → renewed. */
  @IsOptional()
  @Trim()
  @IsString()
  @Matches(/^[a-z_.]+(,[a-z_.]+){0,9}$/, { message: 'steps must be 1 to 10 event types, comma-separated' })
  steps?: string;
}

export class FunnelStep {
  @IsString() step: string;
  @IsInt() users: number;
  /** users / the first step's users; 0 when nobody reached the first step. */
  @IsNumber() rate_from_start: number;
  /** users / the previous step's users; 0 when nobody reached the previous step. */
  @IsNumber() rate_from_previous: number;
}

export class FunnelView {
  @ValidateNested({ each: true }) @Type(() => FunnelStep) steps: FunnelStep[];
  @IsString() method: string;
  @IsString({ each: true }) notes: string[];
}

export class LtvRow {
  @IsString() key: string;
  @IsInt() users: number;
  @IsInt() revenue_krw: number;
  /** Mean net revenue per user so far. */
  @IsOptional() @IsInt() mean_revenue_krw: number | null;
}

export class LtvView {
  @ValidateNested({ each: true }) @Type(() => LtvRow) by_cohort: LtvRow[];
  @ValidateNested({ each: true }) @Type(() => LtvRow) by_plan: LtvRow[];
  /** ARPU (monthly) / monthly churn rate; null when either is unknown or churn is 0. */
  @IsOptional() @IsInt() projected_ltv_krw: number | null;
  @IsOptional() @IsInt() arpu_monthly_krw: number | null;
  @IsOptional() @IsNumber() monthly_churn_rate: number | null;
  @IsString() method: string;
  @IsString({ each: true }) notes: string[];
}

export class OverviewView {
  @IsObject() users: UserMetricsView;
  @IsObject() revenue: RevenueMetricsView;
  @IsObject() engagement: EngagementMetricsView;
  @IsInt() events_in_period: number;
  @IsString({ each: true }) notes: string[];
}

export const ANALYTICS_REPORTS = [
  'overview',
  'revenue',
  'users',
  'engagement',
  'performance',
  'cohort',
  'retention',
  'funnel',
  'ltv',
] as const;
export type AnalyticsReport = (typeof ANALYTICS_REPORTS)[number];

export class AnalyticsExportQuery extends CohortQuery {
  @IsOptional() @IsIn(ANALYTICS_REPORTS) report?: AnalyticsReport;
  @IsOptional() @IsIn(['csv', 'json']) format?: 'csv' | 'json';
  @IsOptional()
  @Trim()
  @IsString()
  @Matches(/^[a-z_.]+(,[a-z_.]+){0,9}$/, { message: 'steps must be 1 to 10 event types, comma-separated' })
  steps?: string;
}

const READ = { kind: 'user', permission: 'ANALYTICS_READ' } as const;

export const AdminAnalyticsCohort = endpoint<Record<string, never>, CohortQuery, CohortView>({
  method: 'GET',
  path: '/api/admin/analytics/cohort',
  subject: 'admin.analytics.cohort',
  access: READ,
  query: CohortQuery,
  response: CohortView,
  status: 200,
  summary: 'Signup month × months since: accounts active, as counts and rates',
  tag: 'analytics',
});

export const AdminAnalyticsRetention = endpoint<Record<string, never>, CohortQuery, RetentionView>({
  method: 'GET',
  path: '/api/admin/analytics/retention',
  subject: 'admin.analytics.retention',
  access: READ,
  query: CohortQuery,
  response: RetentionView,
  status: 200,
  summary: 'Retention curves by signup month: accounts active in a month or any later one',
  tag: 'analytics',
});

export const AdminAnalyticsFunnel = endpoint<Record<string, never>, FunnelQuery, FunnelView>({
  method: 'GET',
  path: '/api/admin/analytics/funnel',
  subject: 'admin.analytics.funnel',
  access: READ,
  query: FunnelQuery,
  response: FunnelView,
  status: 200,
  summary: 'Accounts reaching each step in order (registered → subscribed → paid → renewed, or `steps`)',
  tag: 'analytics',
});

export const AdminAnalyticsLtv = endpoint<Record<string, never>, CohortQuery, LtvView>({
  method: 'GET',
  path: '/api/admin/analytics/ltv',
  subject: 'admin.analytics.ltv',
  access: READ,
  query: CohortQuery,
  response: LtvView,
  status: 200,
  summary: 'Mean net revenue per account by signup month and plan, and a projection from churn (method in the answer)',
  tag: 'analytics',
});

export const AnalyticsOverview = endpoint<Record<string, never>, PeriodQuery, OverviewView>({
  method: 'GET',
  path: '/api/analytics/overview',
  subject: 'admin.analytics.overview',
  access: READ,
  query: PeriodQuery,
  response: OverviewView,
  status: 200,
  summary: 'The platform at a glance: accounts, revenue and activity over the period',
  tag: 'analytics',
});

export const AnalyticsRevenue = endpoint<Record<string, never>, PeriodQuery, RevenueMetricsView>({
  method: 'GET',
  path: '/api/analytics/revenue',
  subject: 'admin.analytics.revenue',
  access: READ,
  query: PeriodQuery,
  response: RevenueMetricsView,
  status: 200,
  summary: 'Revenue over the period (as /api/admin/metrics/revenue)',
  tag: 'analytics',
});

export const AnalyticsUsers = endpoint<Record<string, never>, PeriodQuery, UserMetricsView>({
  method: 'GET',
  path: '/api/analytics/users',
  subject: 'admin.analytics.users',
  access: READ,
  query: PeriodQuery,
  response: UserMetricsView,
  status: 200,
  summary: 'Accounts over the period (as /api/admin/metrics/users)',
  tag: 'analytics',
});

export const AnalyticsEngagement = endpoint<Record<string, never>, PeriodQuery, EngagementMetricsView>({
  method: 'GET',
  path: '/api/analytics/engagement',
  subject: 'admin.analytics.engagement',
  access: READ,
  query: PeriodQuery,
  response: EngagementMetricsView,
  status: 200,
  summary: 'Activity per product over the period (as /api/admin/metrics/engagement)',
  tag: 'analytics',
});

export const AnalyticsPerformance = endpoint<Record<string, never>, PeriodQuery, HealthMetricsView>({
  method: 'GET',
  path: '/api/analytics/performance',
  subject: 'admin.analytics.performance',
  access: READ,
  query: PeriodQuery,
  response: HealthMetricsView,
  status: 200,
  summary: 'Requests, error rates and response times over the period (as /api/admin/metrics/health)',
  tag: 'analytics',
});

export const AnalyticsExport = endpoint<Record<string, never>, AnalyticsExportQuery, BinaryReply>({
  method: 'GET',
  path: '/api/analytics/export',
  subject: 'admin.analytics.export',
  access: READ,
  query: AnalyticsExportQuery,
  binary: true,
  status: 200,
  summary: 'One report (`report`, default overview) over a period as CSV or JSON (`format`, default csv)',
  tag: 'analytics',
});
