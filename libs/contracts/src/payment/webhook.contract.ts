import { IsBoolean, IsOptional, IsString, MaxLength } from 'class-validator';
import { endpoint } from '../common/endpoint';
import { internal } from '../common/internal';

export class WebhookReceivedView {
  @IsBoolean() received: boolean;
}

/** Largest webhook body the gateway accepts (Stripe's events are far smaller). */
export const WEBHOOK_BODY_LIMIT_BYTES = 512 * 1024;

/** What the gateway forwards for a Stripe webhook: the raw body and `Stripe-Signature`, untouched. */
export class StripeWebhookBody {
  @IsString() @MaxLength(WEBHOOK_BODY_LIMIT_BYTES) payload: string;
  @IsOptional() @IsString() @MaxLength(10_000) signature: string | null;
}

/** The gateway's webhook route hands the raw delivery to payment, which verifies and applies it. */
export const PaymentReceiveWebhook = internal({
  subject: 'payment.webhooks.receive',
  request: StripeWebhookBody,
  response: WebhookReceivedView,
  summary: 'A Stripe webhook delivery, byte for byte, with its signature',
});

export const PaymentWebhook = endpoint<Record<string, never>, Record<string, never>, WebhookReceivedView>({
  method: 'POST',
  path: '/api/payment/webhook',
  subject: PaymentReceiveWebhook.subject,
  access: { kind: 'public' },
  rateLimit: 'none',
  servedBy: 'webhook',
  response: WebhookReceivedView,
  status: 200,
  summary: 'Stripe webhook receiver: the signature is verified, each event is applied once',
  tag: 'payment',
  errors: [400],
});
