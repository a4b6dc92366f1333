import { AppStarter, ApiClient, TestFleet } from '@sf/testing';
import { LocalStripe, startLocalStripe } from '../../apps/local-stripe/src/local-stripe';
import { authService, paymentService, startFleet } from './fleet';

export const TEST_STRIPE_SECRET_KEY = 'sk_test_softfactory_e2e';
export const TEST_STRIPE_WEBHOOK_SECRET = 'whsec_softfactory_e2e';

export interface PaymentFleet {
  fleet: TestFleet;
  api: ApiClient;
  stripe: LocalStripe;
  close(): Promise<void>;
}

/**
 * The fleet with the payment service talking to a local Stripe (started here, in process), whose
 * webhooks go to this fleet's gateway. Other suites that need payments (bookings) start theirs
 * with this, adding their own services.
 */
export async function startPaymentFleet(
  services: AppStarter[] = [authService, paymentService],
  env: Record<string, string> = {},
): Promise<PaymentFleet> {
  // Retries come quickly here, where a test waits for them.
  const stripe = await startLocalStripe({
    secretKey: TEST_STRIPE_SECRET_KEY,
    webhookSecret: TEST_STRIPE_WEBHOOK_SECRET,
    webhookRetryDelaysMs: [200, 500, 1000, 2000, 4000],
  });
  try {
    const { fleet, api } = await startFleet(services, {
      STRIPE_SECRET_KEY: TEST_STRIPE_SECRET_KEY,
      STRIPE_WEBHOOK_SECRET: TEST_STRIPE_WEBHOOK_SECRET,
      STRIPE_API_URL: stripe.url,
      ...env,
    });
    stripe.setWebhookUrl(`${fleet.baseUrl}/api/payment/webhook`);
    return {
      fleet,
      api,
      stripe,
      close: async () => {
        await stripe.close();
        await fleet.close();
      },
    };
  } catch (error) {
    await stripe.close();
    throw error;
  }
}

/** Opens a checkout URL as a browser would (the page completes the payment); answers where it redirects. */
export async function payCheckout(
  checkoutUrl: string,
  outcome: 'pay' | 'decline' = 'pay',
): Promise<{ status: number; location: string | null }> {
  const url = new URL(checkoutUrl);
  if (outcome === 'decline') url.searchParams.set('outcome', 'decline');
  const response = await fetch(url, { redirect: 'manual' });
  await response.arrayBuffer();
  return { status: response.status, location: response.headers.get('location') };
}

/** The gateway path (with query) of a redirect target, to follow it against the fleet's gateway. */
export function gatewayPath(location: string): string {
  const url = new URL(location);
  return `${url.pathname}${url.search}`;
}
