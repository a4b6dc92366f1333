import { IsBoolean, IsIn, IsInt, IsOptional, IsString, IsUUID, Max, MaxLength, Min, MinLength } from 'class-validator';
import { internal } from '../common/internal';
import { Trim } from '../common/trim';
import { SubscriptionView } from './subscriptions.contract';

/** The largest single charge another service may ask for, in KRW. */
export const MAX_CHARGE_KRW = 1_000_000_000;

export class CreatePaymentIntentBody {
  /** The caller's own name for what is paid for, unique per thing: e.g. `coocook.booking:<uuid>`. */
  @Trim() @IsString() @MinLength(1) @MaxLength(200) reference: string;
  @IsInt() @Min(1) @Max(MAX_CHARGE_KRW) amount_krw: number;
  /** Shown on the checkout page and the receipt. */
  @Trim() @IsString() @MinLength(1) @MaxLength(300) description: string;
}

export type PaymentIntentStatus = 'pending' | 'completed' | 'failed' | 'refunded' | 'partially_refunded' | 'expired';

/**
 * A Stripe Checkout session in payment mode. Repeated calls with the same reference return the
 * same open payment (or the completed one); a different amount for an open reference is a 409.
 */
export class PaymentIntentView {
  payment_id: string;
  session_id: string;
  checkout_url: string;
  status: PaymentIntentStatus;
  amount_krw: number;
}

/**
 * Charging a user for something another service sells (a CooCook booking); the payer is
 * `ctx.user_id`. The outcome arrives later as a `payment.completed` or `payment.failed` event
 * carrying the caller's reference.
 */
export const PaymentCreateIntent = internal({
  caller: 'user',
  subject: 'payment.intents.create',
  request: CreatePaymentIntentBody,
  response: PaymentIntentView,
  summary: 'Opens (or finds again) the checkout of a charge another service sells',
});

export class RefundPaymentBody {
  @Trim() @IsString() @MinLength(1) @MaxLength(200) reference: string;
  /** At most what was paid. */
  @IsInt() @Min(1) @Max(MAX_CHARGE_KRW) amount_krw: number;
  @Trim() @IsString() @MinLength(1) @MaxLength(300) reason: string;
}

export type RefundStatus = 'pending' | 'succeeded' | 'failed';

/** Idempotent per reference: a second call answers the first refund. */
export class RefundView {
  @IsUUID() refund_id: string;
  @IsUUID() payment_id: string;
  @IsInt() amount_krw: number;
  @IsIn(['pending', 'succeeded', 'failed']) status: RefundStatus;
}

/** Refunds the completed payment of `reference`, once. */
export const PaymentRefund = internal({
  subject: 'payment.intents.refund',
  request: RefundPaymentBody,
  response: RefundView,
  summary: 'Refunds the completed payment of a reference, once',
});

/** An administrator's change of any user's subscription; admin has checked the permission and audits it. */
export class AdminChangeSubscriptionBody {
  @IsUUID() subscription_id: string;
  @IsOptional() @IsIn(['free', 'pro', 'enterprise']) plan_slug?: 'free' | 'pro' | 'enterprise';
  @IsOptional() @IsIn(['monthly', 'annual']) plan_type?: 'monthly' | 'annual';
  @IsOptional() @IsBoolean() cancel_at_period_end?: boolean;
  /** Pause collection (true: the service goes on, nothing is charged) or resume it (false). */
  @IsOptional() @IsBoolean() pause?: boolean;
}

export const PaymentAdminChangeSubscription = internal({
  subject: 'payment.subscriptions.admin_change',
  request: AdminChangeSubscriptionBody,
  response: SubscriptionView,
  summary: "Changes any user's subscription through Stripe (plan, billing period, end at period end), for admin",
});

export class AdminCancelSubscriptionBody {
  @IsUUID() subscription_id: string;
  @Trim() @IsString() @MinLength(1) @MaxLength(500) reason: string;
}

export const PaymentAdminCancelSubscription = internal({
  subject: 'payment.subscriptions.admin_cancel',
  request: AdminCancelSubscriptionBody,
  response: SubscriptionView,
  summary: 'Cancels any subscription at once through Stripe (announced as subscription.cancelled), for admin',
});

export class AdminRefundSubscriptionBody {
  @IsUUID() subscription_id: string;
  /** Absent: all that is left of the latest charge. */
  @IsOptional() @IsInt() @Min(1) @Max(MAX_CHARGE_KRW) amount_krw?: number;
  @Trim() @IsString() @MinLength(1) @MaxLength(300) reason: string;
}

export const PaymentAdminRefundSubscription = internal({
  subject: 'payment.subscriptions.admin_refund',
  request: AdminRefundSubscriptionBody,
  response: RefundView,
  summary: "Refunds a subscription's latest completed charge through Stripe (announced as payment.refunded), for admin",
});
