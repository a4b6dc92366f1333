import Stripe from 'stripe';
import { DomainError, ServiceUnavailable, ValidationFailed } from '@sf/errors';
import type { StripeConfig } from '../payment.config';

export const STRIPE = Symbol('STRIPE');

/** The official SDK, pointed at Stripe or, when `STRIPE_API_URL` is set, at a Stripe-compatible server. */
export function createStripeClient(config: StripeConfig): Stripe {
  const options: Stripe.StripeConfig = { maxNetworkRetries: 2, timeout: config.timeoutMs, appInfo: { name: 'softfactory-payment' } };
  if (config.apiUrl) {
    const url = new URL(config.apiUrl);
    options.host = url.hostname;
    options.port = url.port || (url.protocol === 'https:' ? 443 : 80);
    options.protocol = url.protocol === 'https:' ? 'https' : 'http';
  }
  return new Stripe(config.secretKey, options);
}

function isStripeError(error: unknown): error is { type: string; message: string; code?: string; param?: string; statusCode?: number } {
  return typeof error === 'object' && error !== null && typeof (error as { type?: unknown }).type === 'string' && 'rawType' in error;
}

/**
 * Runs a Stripe call and turns what Stripe refuses into the contract's errors: a declined card is
 * a 422 on `field`, Stripe being unreachable a 503. `missing`: the call names an object the client
 * gave (a payment method token), so Stripe not knowing it is a 422 on `field` saying so. Anything
 * else is a bug and stays a 500.
 */
export async function callStripe<T>(call: () => Promise<T>, field = 'payment', missing?: string): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof DomainError || !isStripeError(error)) throw error;
    if (error.type === 'StripeCardError') throw new ValidationFailed({ [field]: [error.message] }, 'The payment was declined');
    if (missing && error.type === 'StripeInvalidRequestError' && error.code === 'resource_missing') {
      throw new ValidationFailed({ [field]: [missing] });
    }
    if (error.type === 'StripeConnectionError' || error.type === 'StripeAPIError' || error.type === 'StripeRateLimitError') {
      throw new ServiceUnavailable('The payment provider is not reachable; try again shortly');
    }
    throw error;
  }
}

/**
 * Stripe's clock at the moment of an API answer (its `Date` header), in epoch seconds: API answers
 * are ordered against webhook events by Stripe's time, not ours.
 */
export function stripeTime(response: { lastResponse?: { headers?: Record<string, string | undefined> } }): number {
  const header = response.lastResponse?.headers?.date;
  const parsed = header ? Date.parse(header) : NaN;
  return Math.floor((Number.isNaN(parsed) ? Date.now() : parsed) / 1000);
}
