import type { Tier } from '../common/caller-context';
import { eventCatalogue } from '../common/events';
import { GDPR_PART_EVENTS, gdprRequestsFeed } from '../gdpr/gdpr.events';
import type { GdprPartEventMap } from '../gdpr/gdpr.events';

export interface PaymentCompletedData {
  payment_id: string;
  user_id: string;
  /** The reference the caller gave (`coocook.booking:<uuid>`), or `subscription:<id>` for plan charges. */
  reference: string;
  amount_krw: number;
  currency: 'KRW';
}

export interface PaymentFailedData {
  payment_id: string;
  user_id: string;
  reference: string;
  reason: string;
}

export interface PaymentRefundedData {
  payment_id: string;
  refund_id: string;
  user_id: string;
  reference: string;
  amount_krw: number;
}

export type PlanType = 'monthly' | 'annual';
export type PlanSlug = 'free' | 'pro' | 'enterprise';
export type SubscriptionStatus = 'incomplete' | 'active' | 'trialing' | 'past_due' | 'canceled' | 'expired';

/** Data of `subscription.created`, `subscription.updated` and `subscription.cancelled`: the whole current state. */
export interface SubscriptionEventData {
  subscription_id: string;
  user_id: string;
  /** 1 CooCook, 2 SNS Auto, 3 Review Campaign, 4 AI Automation, 5 WebApp Builder. */
  product_id: number;
  product_slug: string;
  plan_slug: PlanSlug;
  plan_type: PlanType;
  status: SubscriptionStatus;
  /** ISO 8601; the entitlement lasts until then. */
  current_period_end: string | null;
  cancel_at_period_end: boolean;
  /** The price per billing period in KRW (absent from events recorded before it was added). */
  amount_krw?: number;
  /** Collection paused: the service goes on, nothing is charged (absent from older events: not paused). */
  paused?: boolean;
  /** Increases with every change of the subscription; a consumer ignores an event older than what it holds. */
  version: number;
  /** The user's account tier after this change, over all their subscriptions (what rate limits read). */
  account_tier: Tier;
}

/**
 * `subscription.renewed`: a new period was paid (Stripe's `invoice.paid` for a `subscription_cycle`
 * invoice). The whole current state, the new period included, like the other subscription events,
 * so a consumer keeping the state applies it as any other; plus what the renewal charged.
 */
export interface SubscriptionRenewedData extends SubscriptionEventData {
  /** The payment that paid the period (`payment.completed` names it too). */
  payment_id: string;
  amount_krw: number;
  /** ISO 8601: the period paid for starts then and ends at `current_period_end`. */
  current_period_start: string | null;
}

export interface InvoiceGeneratedData {
  invoice_id: string;
  user_id: string;
  number: string;
  status: string;
  subtotal_krw: number;
  tax_krw: number;
  total_krw: number;
  due_date: string | null;
  subscription_id: string | null;
}

/** `invoice.sent`: a request to deliver the invoice to its recipient (by mail, by whoever delivers). */
export interface InvoiceSentData {
  invoice_id: string;
  user_id: string;
  number: string;
  recipient_email: string | null;
  total_krw: number;
}

export interface OrderEventData {
  order_id: string;
  user_id: string;
  order_number: string;
  status: string;
  total_krw: number;
  items_count: number;
}

/** Event type → data, one source for publisher and consumers. */
export interface PaymentEventMap {
  'payment.completed': PaymentCompletedData;
  'payment.failed': PaymentFailedData;
  'payment.refunded': PaymentRefundedData;
  'subscription.created': SubscriptionEventData;
  'subscription.updated': SubscriptionEventData;
  'subscription.cancelled': SubscriptionEventData;
  'subscription.renewed': SubscriptionRenewedData;
  'invoice.generated': InvoiceGeneratedData;
  'invoice.sent': InvoiceSentData;
  'order.created': OrderEventData;
  'order.cancelled': OrderEventData;
}

/**
 * Domain events of the payment service, published as CloudEvents on `events.payment.<type>`.
 * The publisher and every consumer take their types from `PaymentEventMap`.
 */
export const PaymentEvents = eventCatalogue<PaymentEventMap & GdprPartEventMap>('payment', {
  'payment.completed': 'A charge succeeded',
  'payment.failed': 'A charge failed',
  'payment.refunded': 'A charge was refunded, in part or in full',
  'subscription.created': 'A subscription started (the whole current state)',
  'subscription.updated': 'A subscription changed: plan, status, period (the whole current state)',
  'subscription.cancelled': 'A subscription was cancelled (the whole current state)',
  'subscription.renewed': 'A subscription renewed: its next period was paid (the whole current state, with the payment)',
  'invoice.generated': 'An invoice was issued',
  'invoice.sent': 'An invoice is to be delivered to its recipient',
  'order.created': 'An order was placed',
  'order.cancelled': 'An order was cancelled',
  ...GDPR_PART_EVENTS,
});

/** The products the platform sells, by their fixed catalogue ids. */
export const PRODUCTS = [
  { id: 1, slug: 'coocook', name: 'CooCook' },
  { id: 2, slug: 'sns-auto', name: 'SNS Auto' },
  { id: 3, slug: 'review-campaign', name: 'Review Campaign' },
  { id: 4, slug: 'ai-automation', name: 'AI Automation' },
  { id: 5, slug: 'webapp-builder', name: 'WebApp Builder' },
] as const;
export type ProductSlug = (typeof PRODUCTS)[number]['slug'];

/** The payment service's part of GDPR exports and deletions. */
export const PaymentGdprFeed = gdprRequestsFeed('payment');
