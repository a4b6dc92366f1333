import { ApiClient, eventually, RegisteredUser } from '@sf/testing';
import { authService, coocookService, paymentService, sitesService, storageService } from '../fleet';
import { PaymentFleet, payCheckout, startPaymentFleet } from '../payment-fleet';
import { startTestS3, TestS3 } from '../storage-fleet';

export interface SitesFleet extends PaymentFleet {
  s3: TestS3;
}

/** Auth, payment (local Stripe), storage, coocook (embeds), sites and the gateway, on a local S3 of their own. */
export async function startSitesFleet(env: Record<string, string> = {}): Promise<SitesFleet> {
  const s3 = await startTestS3();
  try {
    const fleet = await startPaymentFleet([authService, paymentService, storageService, coocookService, sitesService], {
      ...s3.env,
      DEMO_MODE: 'false',
      ...env,
    });
    return {
      ...fleet,
      s3,
      close: async () => {
        await fleet.close();
        await s3.close();
      },
    };
  } catch (error) {
    await s3.close();
    throw error;
  }
}

/**
 * Subscribes the user to WebApp Builder (product 5) through checkout, and waits until the sites
 * service knows: listing sites stops answering 403.
 */
export async function subscribeToSites(api: ApiClient, user: RegisteredUser): Promise<void> {
  const checkout = await api.post('/api/payment/checkout', { product_id: 5, plan_type: 'monthly' }, { token: user.accessToken });
  if (checkout.status !== 201) throw new Error(`checkout failed: ${checkout.status} ${checkout.text}`);
  await payCheckout(checkout.body.checkout_url);
  await eventually(async () => {
    const probe = await api.get('/api/webapp-builder/site', { token: user.accessToken });
    if (probe.status !== 200) throw new Error(`not subscribed yet: ${probe.status}`);
  }, 15_000);
}

/** A page of a published site as a browser gets it. */
export async function fetchPage(
  baseUrl: string,
  path: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: Headers; text: string }> {
  const response = await fetch(new URL(path, baseUrl), { headers });
  return { status: response.status, headers: response.headers, text: await response.text() };
}

/** HTML attribute text back to what it stands for. */
export function unescapeHtml(value: string): string {
  return value.replace(/&#(\d+);/g, (_m, code: string) => String.fromCharCode(Number(code)));
}
