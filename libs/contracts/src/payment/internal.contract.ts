import type { CallerContext } from '../common/caller-context';

/**
 * Subjects the payment service answers for other services (not for clients): charging a user for
 * something another service sells (a CooCook booking) and refunding it. The outcome of a charge
 * arrives later as a `payment.completed` or `payment.failed` event carrying the caller's reference.
 */
export const PaymentSubjects = {
  createIntent: 'payment.intents.create',
  refund: 'payment.intents.refund',
} as const;

/** `payment.intents.create`: the payer is `ctx.user_id`. */
export interface CreatePaymentIntentRequest {
  ctx: CallerContext;
  body: {
    /** The caller's own name for what is paid for, unique per thing: e.g. `coocook.booking:<uuid>`. */
    reference: string;
    /** Integer KRW, at least 1. */
    amount_krw: number;
    /** Shown on the checkout page and the receipt. */
    description: string;
  };
}

export type PaymentIntentStatus = 'pending' | 'completed' | 'failed' | 'refunded' | 'partially_refunded' | 'expired';

/**
 * A Stripe Checkout session in payment mode. Repeated calls with the same reference return the
 * same open payment (or the completed one); a different amount for an open reference is a 409.
 */
export interface PaymentIntentView {
  payment_id: string;
  session_id: string;
  checkout_url: string;
  status: PaymentIntentStatus;
  amount_krw: number;
}

/** `payment.intents.refund`: refunds the completed payment of `reference`, once. */
export interface RefundPaymentRequest {
  ctx: CallerContext;
  body: {
    reference: string;
    /** Integer KRW, at most what was paid. */
    amount_krw: number;
    reason: string;
  };
}

export type RefundStatus = 'pending' | 'succeeded' | 'failed';

/** Idempotent per reference: a second call answers the first refund. */
export interface RefundView {
  refund_id: string;
  payment_id: string;
  amount_krw: number;
  status: RefundStatus;
}
