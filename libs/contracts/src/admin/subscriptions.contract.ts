import { Type } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsISO8601,
  IsNumber,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { endpoint } from '../common/endpoint';
import { IdParams } from '../common/id-params';
import { ListMeta, PageQuery, sortValues } from '../common/pagination';
import { Trim } from '../common/trim';
import { PLAN_SLUGS, PLAN_TYPES } from '../payment/catalogue.contract';
import { MAX_CHARGE_KRW, RefundView } from '../payment/internal.contract';
import { PRODUCTS } from '../payment/events';
import { SUBSCRIPTION_STATUSES, SubscriptionView } from '../payment/subscriptions.contract';

export const PRODUCT_SLUGS = PRODUCTS.map((p) => p.slug);

/** A subscription as admin's projection of payment's events holds it. */
export class ManagedSubscriptionView {
  @IsUUID() id: string;
  @IsUUID() subscription_id: string;
  @IsUUID() user_id: string;
  @IsOptional() @IsString() email: string | null;
  @IsInt() product_id: number;
  @IsString() product_slug: string;
  @IsIn(PLAN_SLUGS) plan_slug: string;
  /** `<product> <plan>`, e.g. `coocook pro`. */
  @IsString() plan_name: string;
  @IsIn(PLAN_TYPES) plan_type: string;
  @IsIn(SUBSCRIPTION_STATUSES) status: string;
  /** The price per billing period (null for events older than the amount in them). */
  @IsOptional() @IsInt() amount_krw: number | null;
  /** What it adds to MRR: the monthly price, or the annual price / 12 (rounded); 0 unless entitling. */
  @IsInt() monthly_krw: number;
  @IsBoolean() cancel_at_period_end: boolean;
  /** Collection paused: still active, adds 0 to MRR. */
  @IsBoolean() paused: boolean;
  @IsOptional() @IsISO8601() current_period_end: string | null;
  @IsOptional() @IsISO8601() next_billing_date: string | null;
  @IsISO8601() started_at: string;
  @IsOptional() @IsISO8601() canceled_at: string | null;
  @IsISO8601() updated_at: string;
}

export class ManagedSubscriptionListView extends ListMeta {
  @ValidateNested({ each: true }) @Type(() => ManagedSubscriptionView) subscriptions: ManagedSubscriptionView[];
}

export const MANAGED_SUBSCRIPTION_SORT_FIELDS = ['created_at', 'updated_at', 'amount_krw'] as const;

export class ManagedSubscriptionQuery extends PageQuery {
  @IsOptional() @IsIn(SUBSCRIPTION_STATUSES) status?: string;
  @IsOptional() @IsIn(PLAN_SLUGS) plan?: string;
  @IsOptional() @IsIn(PLAN_TYPES) plan_type?: string;
  /** A product's slug (`coocook`) or id (`1`). */
  @IsOptional() @IsIn([...PRODUCT_SLUGS, ...PRODUCTS.map((p) => String(p.id))]) product?: string;
  @IsOptional() @IsUUID() user_id?: string;
  @IsOptional() @IsIn(sortValues(MANAGED_SUBSCRIPTION_SORT_FIELDS)) sort?: string;
  @IsOptional() @IsIn(MANAGED_SUBSCRIPTION_SORT_FIELDS) sort_by?: string;
}

/** A period `[date_from, date_to)`; the default is the 30 days up to now. */
export class PeriodQuery {
  @IsOptional() @IsISO8601() date_from?: string;
  @IsOptional() @IsISO8601() date_to?: string;
}

export class PlanMixEntry {
  @IsString() product_slug: string;
  @IsString() plan_slug: string;
  @IsString() plan_type: string;
  @IsInt() count: number;
  @IsInt() mrr_krw: number;
  /** Share of the active subscriptions, 0..1. */
  @IsNumber() share: number;
}

export class ChurnFigures {
  @IsISO8601() period_start: string;
  @IsISO8601() period_end: string;
  /** Subscriptions entitling at the period's start. */
  @IsInt() active_at_start: number;
  /** Of those, how many were cancelled within the period. */
  @IsInt() cancelled: number;
  /** cancelled / active_at_start; null when nothing was active at the start. */
  @IsOptional() @IsNumber() churn_rate: number | null;
}

export class SubscriptionStatsView {
  @IsInt() active_count: number;
  @IsInt() canceled_count: number;
  /** Active subscriptions whose collection is paused (in active_count, not in MRR). */
  @IsInt() paused_count: number;
  /** Active subscriptions' monthly KRW: monthly prices plus annual prices / 12, rounded once on the total. */
  @IsInt() mrr_krw: number;
  /** 12 × the monthly prices plus the annual prices of the active subscriptions. */
  @IsInt() arr_krw: number;
  @IsOptional() @IsNumber() churn_rate: number | null;
  @ValidateNested() @Type(() => ChurnFigures) churn: ChurnFigures;
  @ValidateNested({ each: true }) @Type(() => PlanMixEntry) plan_mix: PlanMixEntry[];
  /** Why a figure is 0 or null: no data, rather than a made-up number. */
  @IsString({ each: true }) notes: string[];
  @IsISO8601() generated_at: string;
}

export class ChurnGroup extends ChurnFigures {
  /** The plan (`coocook/pro/monthly`), product, tenure bucket or month the row is about. */
  @IsString() key: string;
}

export class ChurnAnalysisView {
  @ValidateNested() @Type(() => ChurnFigures) overall: ChurnFigures;
  @ValidateNested({ each: true }) @Type(() => ChurnGroup) by_plan: ChurnGroup[];
  @ValidateNested({ each: true }) @Type(() => ChurnGroup) by_product: ChurnGroup[];
  /** By how long the subscription had run at the period's start: `0-1m`, `1-3m`, `3-6m`, `6-12m`, `12m+`. */
  @ValidateNested({ each: true }) @Type(() => ChurnGroup) by_tenure: ChurnGroup[];
  /** Calendar months (UTC) of the last `months`, each its own period. */
  @ValidateNested({ each: true }) @Type(() => ChurnGroup) by_month: ChurnGroup[];
  /** Active subscriptions set to end at their period end: the churn already announced. */
  @IsInt() pending_cancellations: number;
  @IsString() method: string;
  @IsString({ each: true }) notes: string[];
}

export class ChurnAnalysisQuery extends PeriodQuery {
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(24) months?: number;
}

/** A plan change made by an administrator; payment applies it through Stripe (prorated). */
export class AdminSubscriptionUpdateDto {
  @IsOptional() @IsIn(PLAN_SLUGS) plan_slug?: 'free' | 'pro' | 'enterprise';
  @IsOptional() @IsIn(PLAN_TYPES) plan_type?: 'monthly' | 'annual';
  /** End it at the end of the paid period (true), or keep it renewing (false). */
  @IsOptional() @IsBoolean() cancel_at_period_end?: boolean;
  /** Pause collection in Stripe (true: the service goes on, nothing is charged) or resume it (false). */
  @IsOptional() @IsBoolean() pause?: boolean;
  @IsOptional() @Trim() @IsString() @Length(1, 500) reason?: string;
}

export class AdminSubscriptionCancelDto {
  /** Why it is cancelled now, recorded in the audit log and with payment. */
  @Trim() @IsString() @Length(1, 500) reason: string;
}

export class AdminRefundDto {
  /** At most what the latest charge left unrefunded; absent: all of it. */
  @IsOptional() @IsInt() @Min(1) @Max(MAX_CHARGE_KRW) amount_krw?: number;
  @Trim() @IsString() @Length(1, 300) reason: string;
}

export const AdminSubscriptionList = endpoint<Record<string, never>, ManagedSubscriptionQuery, ManagedSubscriptionListView>({
  method: 'GET',
  path: '/api/admin/subscriptions',
  subject: 'admin.subscriptions.list',
  access: { kind: 'user', permission: 'SUBSCRIPTIONS_READ' },
  query: ManagedSubscriptionQuery,
  response: ManagedSubscriptionListView,
  status: 200,
  summary: 'Every subscription, filtered by status, plan and product, from payment events',
  tag: 'admin',
});

export const AdminSubscriptionStats = endpoint<Record<string, never>, PeriodQuery, SubscriptionStatsView>({
  method: 'GET',
  path: '/api/admin/subscriptions/stats',
  subject: 'admin.subscriptions.stats',
  access: { kind: 'user', permission: 'SUBSCRIPTIONS_READ' },
  query: PeriodQuery,
  response: SubscriptionStatsView,
  status: 200,
  summary: 'Active and cancelled counts, MRR, ARR, plan mix, and churn over a period (default: the last 30 days)',
  tag: 'admin',
});

export const AdminSubscriptionChurn = endpoint<Record<string, never>, ChurnAnalysisQuery, ChurnAnalysisView>({
  method: 'GET',
  path: '/api/admin/subscriptions/churn-analysis',
  subject: 'admin.subscriptions.churn',
  access: { kind: 'user', permission: 'SUBSCRIPTIONS_READ' },
  query: ChurnAnalysisQuery,
  response: ChurnAnalysisView,
  status: 200,
  summary: 'Churn by plan, product, tenure and month, and the cancellations already announced',
  tag: 'admin',
});

export const AdminSubscriptionGet = endpoint<Record<string, never>, Record<string, never>, ManagedSubscriptionView>({
  method: 'GET',
  path: '/api/admin/subscriptions/:id',
  subject: 'admin.subscriptions.get',
  access: { kind: 'user', permission: 'SUBSCRIPTIONS_READ' },
  params: IdParams,
  response: ManagedSubscriptionView,
  status: 200,
  summary: 'One subscription as payment events told it',
  tag: 'admin',
});

export const AdminSubscriptionUpdate = endpoint<AdminSubscriptionUpdateDto, Record<string, never>, SubscriptionView>({
  method: 'PUT',
  path: '/api/admin/subscriptions/:id',
  subject: 'admin.subscriptions.update',
  access: { kind: 'user', permission: 'SUBSCRIPTIONS_MANAGE' },
  params: IdParams,
  body: AdminSubscriptionUpdateDto,
  response: SubscriptionView,
  status: 200,
  summary:
    "Change a subscription's plan or billing period, pause or resume it, or set it to end at its period end (through payment and Stripe); audited",
  tag: 'admin',
  errors: [409],
});

export const AdminSubscriptionCancel = endpoint<AdminSubscriptionCancelDto, Record<string, never>, void>({
  method: 'DELETE',
  path: '/api/admin/subscriptions/:id',
  subject: 'admin.subscriptions.cancel',
  access: { kind: 'user', permission: 'SUBSCRIPTIONS_MANAGE' },
  params: IdParams,
  body: AdminSubscriptionCancelDto,
  status: 204,
  summary: 'Cancel a subscription now, with a reason (through payment and Stripe); audited',
  tag: 'admin',
  errors: [409],
});

export const AdminSubscriptionRefund = endpoint<AdminRefundDto, Record<string, never>, RefundView>({
  method: 'POST',
  path: '/api/admin/subscriptions/:id/refund',
  subject: 'admin.subscriptions.refund',
  access: { kind: 'user', permission: 'SUBSCRIPTIONS_MANAGE' },
  params: IdParams,
  body: AdminRefundDto,
  response: RefundView,
  status: 201,
  summary: "Refund the subscription's latest charge, in full or in part, through payment and Stripe; audited",
  tag: 'admin',
  // The refund is payment's (over NATS) and the audit row joins the key's transaction: a repeat answers the first refund.
  idempotent: true,
  errors: [409],
});
