import { IsBoolean } from 'class-validator';
import { endpoint } from '../common/endpoint';

export class WebhookReceivedView {
  @IsBoolean() received: boolean;
}

/** What the gateway forwards for a Stripe webhook: the raw body and `Stripe-Signature`, untouched. */
export interface StripeWebhookRequest {
  payload: string;
  signature: string | null;
  request_id: string;
}

/** Largest webhook body the gateway accepts (Stripe's events are far smaller). */
export const WEBHOOK_BODY_LIMIT_BYTES = 512 * 1024;

export const PaymentWebhook = endpoint<Record<string, never>, Record<string, never>, WebhookReceivedView>({
  method: 'POST',
  path: '/api/payment/webhook',
  subject: 'payment.webhooks.receive',
  access: { kind: 'public' },
  rateLimit: 'none',
  servedBy: 'webhook',
  response: WebhookReceivedView,
  status: 200,
  summary: 'Stripe webhook receiver: the signature is verified, each event is applied once',
  tag: 'payment',
  errors: [400],
});
