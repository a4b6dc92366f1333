import { Type } from 'class-transformer';
import { IsIn, IsInt, IsISO8601, IsOptional, IsString, IsUUID, Length, Matches, Max, Min } from 'class-validator';
import { endpoint } from '../common/endpoint';
import { PLAN_SLUGS, PLAN_TYPES } from './catalogue.contract';

/**
 * What to subscribe to: a product (`product_id`, at the pro plan unless a plan is named) and/or a
 * plan (`plan_id` or `plan_slug`; without a product, product 1). `plan_type` (alias
 * `billing_period`) defaults to monthly.
 */
export class CheckoutDto {
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(1_000_000) product_id?: number;
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(1_000_000) plan_id?: number;
  @IsOptional() @IsIn(PLAN_SLUGS) plan_slug?: string;
  @IsOptional() @IsIn(PLAN_TYPES) plan_type?: 'monthly' | 'annual';
  @IsOptional() @IsIn(PLAN_TYPES) billing_period?: 'monthly' | 'annual';
}

/** The plan choice fields every body that names a plan shares. */
export type PlanChoiceDto = Pick<CheckoutDto, 'product_id' | 'plan_id' | 'plan_slug' | 'plan_type' | 'billing_period'>;

export const CHECKOUT_STATUSES = ['open', 'complete', 'expired'] as const;

export class CheckoutView {
  @IsString() session_id: string;
  @IsString() checkout_url: string;
  @IsIn(CHECKOUT_STATUSES) status: string;
  @IsInt() amount_krw: number;
  @IsIn(['KRW']) currency: 'KRW';
  @IsInt() product_id: number;
  @IsIn(PLAN_SLUGS) plan_slug: string;
  @IsIn(PLAN_TYPES) plan_type: string;
  @IsOptional() @IsISO8601() expires_at: string | null;
}

/** A checkout session as its owner sees it. */
export class CheckoutStatusView {
  @IsString() session_id: string;
  @IsIn(['subscription', 'payment']) mode: string;
  @IsIn(CHECKOUT_STATUSES) status: string;
  @IsIn(['paid', 'unpaid', 'no_payment_required']) payment_status: string;
  @IsInt() amount_krw: number;
  @IsIn(['KRW']) currency: 'KRW';
  @IsOptional() @IsInt() product_id: number | null;
  @IsOptional() @IsString() plan_slug: string | null;
  @IsOptional() @IsString() plan_type: string | null;
  @IsOptional() @IsUUID() subscription_id: string | null;
  @IsOptional() @IsUUID() payment_id: string | null;
  @IsString() checkout_url: string;
  @IsISO8601() created_at: string;
  @IsOptional() @IsISO8601() completed_at: string | null;
}

export class SessionIdParams {
  @IsString() @Length(3, 255) @Matches(/^[A-Za-z0-9_]+$/) session_id: string;
}

export class SuccessQuery {
  @IsString() @Length(3, 255) @Matches(/^[A-Za-z0-9_]+$/) session_id: string;
}

/** The redirect target after checkout: confirms the session with Stripe. */
export class CheckoutSuccessView {
  @IsString() session_id: string;
  @IsIn(CHECKOUT_STATUSES) status: string;
  @IsIn(['paid', 'unpaid', 'no_payment_required']) payment_status: string;
  @IsOptional() @IsUUID() subscription_id: string | null;
  @IsOptional() @IsString() subscription_status: string | null;
  @IsString() message: string;
}

export class CheckoutCancelView {
  @IsString() status: 'canceled';
  @IsString() message: string;
}

export const PaymentCheckout = endpoint<CheckoutDto, Record<string, never>, CheckoutView>({
  method: 'POST',
  path: '/api/payment/checkout',
  aliases: [{ path: '/api/payment/create-session' }],
  subject: 'payment.checkout.create',
  access: { kind: 'user', scope: 'write:payment' },
  body: CheckoutDto,
  response: CheckoutView,
  status: 201,
  idempotent: 'in-service',
  summary: 'Start a Stripe Checkout session for a subscription; open checkout_url to pay (Idempotency-Key honoured)',
  tag: 'payment',
  errors: [409],
});

export const PaymentStatus = endpoint<Record<string, never>, Record<string, never>, CheckoutStatusView>({
  method: 'GET',
  path: '/api/payment/status/:session_id',
  subject: 'payment.checkout.status',
  access: { kind: 'user', scope: 'read:payment' },
  params: SessionIdParams,
  response: CheckoutStatusView,
  status: 200,
  summary: "A checkout session of the caller's and what it led to",
  tag: 'payment',
});

export const PaymentSuccess = endpoint<Record<string, never>, SuccessQuery, CheckoutSuccessView>({
  method: 'GET',
  path: '/api/payment/success',
  subject: 'payment.checkout.success',
  access: { kind: 'public' },
  query: SuccessQuery,
  response: CheckoutSuccessView,
  status: 200,
  summary: 'Where Stripe Checkout returns: confirms the session with Stripe and activates what was bought',
  tag: 'payment',
});

export const PaymentCancelled = endpoint<Record<string, never>, Record<string, never>, CheckoutCancelView>({
  method: 'GET',
  path: '/api/payment/cancel',
  subject: 'payment.checkout.cancelled',
  access: { kind: 'public' },
  response: CheckoutCancelView,
  status: 200,
  summary: 'Where Stripe Checkout returns when the payer gives up; nothing is charged',
  tag: 'payment',
});
