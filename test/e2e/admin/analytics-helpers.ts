import { ApiClient, eventually, RegisteredUser } from '@sf/testing';
import { authService, adminService, paymentService } from '../fleet';
import { payCheckout, PaymentFleet, startPaymentFleet } from '../payment-fleet';

/** Auth, payment (on the local Stripe) and admin, with `email` as the first admin. */
export function startRevenueFleet(email: string, services = [authService, paymentService, adminService]): Promise<PaymentFleet> {
  return startPaymentFleet(services, { DEMO_MODE: 'false', ADMIN_EMAILS: email });
}

/** Subscribes `user` through the checkout page and answers payment's own view of the subscription. */
export async function subscribeThroughCheckout(
  api: ApiClient,
  user: RegisteredUser,
  choice: { product_id: number; plan_slug?: string; billing_period?: 'monthly' | 'annual' },
): Promise<{ id: string; amount_krw: number; plan_type: string; plan_slug: string; product_slug: string }> {
  const checkout = await api.post('/api/payment/checkout', choice, { token: user.accessToken });
  expect(checkout.status).toBe(201);
  await payCheckout(checkout.body.checkout_url);
  return eventually(async () => {
    const list = await api.get('/api/payment/subscriptions', { token: user.accessToken, query: { status: 'active' } });
    const found = list.body.subscriptions.find((s: { product_id: number }) => s.product_id === choice.product_id);
    expect(found).toBeDefined();
    return found;
  }, 15_000);
}
