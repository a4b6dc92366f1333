import { Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsISO8601, IsOptional, IsString, IsUUID, Length, Matches, ValidateNested } from 'class-validator';
import { TIERS, Tier } from '../common/caller-context';
import { endpoint } from '../common/endpoint';
import { IdParams } from '../common/id-params';
import { ListMeta, PageQuery, sortValues } from '../common/pagination';
import { PLAN_SLUGS, PLAN_TYPES } from './catalogue.contract';
import { CheckoutDto } from './checkout.contract';

export const SUBSCRIPTION_STATUSES = ['incomplete', 'active', 'trialing', 'past_due', 'canceled', 'expired'] as const;

export class SubscriptionView {
  @IsUUID() id: string;
  @IsUUID() subscription_id: string;
  @IsInt() product_id: number;
  @IsString() product_slug: string;
  @IsString() product_name: string;
  @IsInt() plan_id: number;
  @IsIn(PLAN_SLUGS) plan_slug: string;
  @IsString() plan_name: string;
  @IsIn(PLAN_TYPES) plan_type: string;
  @IsIn(SUBSCRIPTION_STATUSES) status: string;
  @IsInt() amount_krw: number;
  @IsIn(['KRW']) currency: 'KRW';
  @IsOptional() @IsISO8601() current_period_start: string | null;
  @IsOptional() @IsISO8601() current_period_end: string | null;
  /** When the next charge happens; null once it will not renew. */
  @IsOptional() @IsISO8601() next_billing_date: string | null;
  @IsBoolean() cancel_at_period_end: boolean;
  /** Collection paused (by an administrator): the service goes on, nothing is charged until it resumes. */
  @IsBoolean() paused: boolean;
  @IsOptional() @IsISO8601() canceled_at: string | null;
  @IsISO8601() created_at: string;
  @IsISO8601() updated_at: string;
}

export class SubscriptionListView extends ListMeta {
  @ValidateNested({ each: true }) @Type(() => SubscriptionView) subscriptions: SubscriptionView[];
  /** The account tier the caller's subscriptions give (what rate limits read). */
  @IsIn(TIERS) tier: Tier;
}

export const SUBSCRIPTION_SORT_FIELDS = ['created_at', 'current_period_end', 'amount_krw'] as const;

export class SubscriptionsQuery extends PageQuery {
  @IsOptional() @IsIn(SUBSCRIPTION_STATUSES) status?: string;
  @IsOptional() @IsIn(sortValues(SUBSCRIPTION_SORT_FIELDS)) sort?: string;
  @IsOptional() @IsIn(SUBSCRIPTION_SORT_FIELDS) sort_by?: string;
}

/**
 * Subscribe without the checkout page: with `stripe_token` (a Stripe PaymentMethod id) the card is
 * charged at once; without it the answer carries a `checkout_url` to complete payment.
 */
export class SubscribeDto extends CheckoutDto {
  @IsOptional() @IsString() @Length(3, 255) @Matches(/^[A-Za-z0-9_]+$/) stripe_token?: string;
}

export class SubscribeView {
  @IsOptional() @IsUUID() subscription_id: string | null;
  @IsIn(SUBSCRIPTION_STATUSES) status: string;
  @IsOptional() @IsISO8601() next_billing_date: string | null;
  @IsInt() amount_krw: number;
  @IsIn(['KRW']) currency: 'KRW';
  @IsInt() product_id: number;
  @IsIn(PLAN_SLUGS) plan_slug: string;
  @IsIn(PLAN_TYPES) plan_type: string;
  /** Set when payment still has to be completed on the checkout page. */
  @IsOptional() @IsString() checkout_url: string | null;
  @IsOptional() @IsString() session_id: string | null;
}

/** Plan change (plan and/or billing period), or undoing a pending cancellation. */
export class UpdateSubscriptionDto {
  @IsOptional() @Type(() => Number) @IsInt() plan_id?: number;
  @IsOptional() @IsIn(PLAN_SLUGS) plan_slug?: string;
  @IsOptional() @IsIn(PLAN_TYPES) plan_type?: 'monthly' | 'annual';
  @IsOptional() @IsIn(PLAN_TYPES) billing_period?: 'monthly' | 'annual';
  @IsOptional() @IsBoolean() cancel_at_period_end?: boolean;
}

export const SubscriptionsList = endpoint<Record<string, never>, SubscriptionsQuery, SubscriptionListView>({
  method: 'GET',
  path: '/api/payment/subscriptions',
  aliases: [{ path: '/api/payment/subscription' }],
  subject: 'payment.subscriptions.list',
  access: { kind: 'user', scope: 'read:payment' },
  query: SubscriptionsQuery,
  response: SubscriptionListView,
  status: 200,
  summary: "The caller's subscriptions",
  tag: 'payment',
});

export const SubscriptionGet = endpoint<Record<string, never>, Record<string, never>, SubscriptionView>({
  method: 'GET',
  path: '/api/payment/subscriptions/:id',
  aliases: [{ path: '/api/payment/subscription/:id' }],
  subject: 'payment.subscriptions.get',
  access: { kind: 'user', scope: 'read:payment' },
  params: IdParams,
  response: SubscriptionView,
  status: 200,
  summary: 'One subscription of the caller',
  tag: 'payment',
});

export const Subscribe = endpoint<SubscribeDto, Record<string, never>, SubscribeView>({
  method: 'POST',
  path: '/api/payment/subscribe',
  aliases: [{ path: '/api/payment/subscription' }],
  subject: 'payment.subscriptions.create',
  access: { kind: 'user', scope: 'write:payment' },
  body: SubscribeDto,
  response: SubscribeView,
  status: 201,
  idempotent: 'in-service',
  summary: 'Subscribe to a product plan, charging the given payment method (Idempotency-Key honoured)',
  tag: 'payment',
  errors: [409],
});

export const SubscriptionUpdate = endpoint<UpdateSubscriptionDto, Record<string, never>, SubscriptionView>({
  method: 'PUT',
  path: '/api/payment/subscriptions/:id',
  aliases: [{ path: '/api/payment/subscription/:id' }],
  subject: 'payment.subscriptions.update',
  access: { kind: 'user', scope: 'write:payment' },
  params: IdParams,
  body: UpdateSubscriptionDto,
  response: SubscriptionView,
  status: 200,
  summary: 'Change the plan or billing period of a subscription, or keep one set to cancel',
  tag: 'payment',
  errors: [409],
});

export const SubscriptionCancel = endpoint<Record<string, never>, Record<string, never>, void>({
  method: 'DELETE',
  path: '/api/payment/subscriptions/:id',
  aliases: [{ path: '/api/payment/subscription/:id' }],
  subject: 'payment.subscriptions.cancel',
  access: { kind: 'user', scope: 'write:payment' },
  params: IdParams,
  status: 204,
  summary: 'Cancel a subscription at the end of its paid period',
  tag: 'payment',
  errors: [409],
});
