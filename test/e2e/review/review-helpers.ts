import { randomBytes } from 'node:crypto';
import { ApiClient, eventually, RegisteredUser } from '@sf/testing';
import { LocalPlatforms, startLocalPlatforms } from '../../../apps/local-platforms/src/local-platforms';
import { authService, paymentService, reviewService } from '../fleet';
import { PaymentFleet, payCheckout, startPaymentFleet } from '../payment-fleet';

export const TEST_REVIEW_TOKEN_KEY = 'review-e2e-token-key-0123456789abcdef';

export interface ReviewFleet extends PaymentFleet {
  platforms: LocalPlatforms;
}

/** Auth, payment (with the local Stripe), review and the gateway, with the platform stand-in. */
export async function startReviewFleet(env: Record<string, string> = {}): Promise<ReviewFleet> {
  const platforms = await startLocalPlatforms({ port: 0 });
  try {
    const fleet = await startPaymentFleet([authService, paymentService, reviewService], {
      DEMO_MODE: 'false',
      REVIEW_PLATFORMS_URL: platforms.url,
      REVIEW_TOKEN_KEY: TEST_REVIEW_TOKEN_KEY,
      REVIEW_SOURCE_MIN_INTERVAL_MS: '0',
      ...env,
    });
    return {
      ...fleet,
      platforms,
      close: async () => {
        await fleet.close();
        await platforms.close();
      },
    };
  } catch (error) {
    await platforms.close();
    throw error;
  }
}

/** Calls the stand-in's control API. */
export async function control(platforms: LocalPlatforms, method: string, path: string, body?: unknown): Promise<any> {
  const response = await fetch(`${platforms.url}${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (response.status >= 400) throw new Error(`control ${method} ${path}: ${response.status} ${text}`);
  return text ? JSON.parse(text) : null;
}

/**
 * Subscribes the user to Review Campaign (product 3) through checkout, and waits until the review
 * service knows: creating a campaign stops answering 403.
 */
export async function subscribeToReview(api: ApiClient, user: RegisteredUser): Promise<void> {
  const checkout = await api.post('/api/payment/checkout', { product_id: 3, plan_type: 'monthly' }, { token: user.accessToken });
  if (checkout.status !== 201) throw new Error(`checkout failed: ${checkout.status} ${checkout.text}`);
  await payCheckout(checkout.body.checkout_url);
  await eventually(async () => {
    const probe = await api.put(`/api/review/campaigns/00000000-0000-4000-8000-000000000000`, { title: 'x' }, { token: user.accessToken });
    if (probe.status !== 404) throw new Error(`not subscribed yet: ${probe.status}`);
  }, 15_000);
}

/** A Naver blog on the stand-in and the account for it (verified by the review service). */
export async function addBlogAccount(
  api: ApiClient,
  platforms: LocalPlatforms,
  user: RegisteredUser,
  neighbors = 1200,
): Promise<{ account: any; blogId: string; token: string }> {
  const blogId = `blog${randomBytes(4).toString('hex')}`;
  const token = `nvtok_${randomBytes(12).toString('hex')}`;
  await control(platforms, 'POST', '/naver-blog/_control/blogs', { blog_id: blogId, token, neighbor_count: neighbors });
  const response = await api.post(
    '/api/review/accounts',
    { platform: 'naver', account_name: blogId, auth_token: token },
    { token: user.accessToken },
  );
  if (response.status !== 201) throw new Error(`account failed: ${response.status} ${response.text}`);
  return { account: response.body, blogId, token };
}

/** A campaign body like the seed's, with a deadline ahead. */
export function campaignBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    title: 'Winter Jacket Review',
    product_name: 'TechJacket Pro',
    category: 'Fashion',
    reward_type: 'cash',
    reward_value: 50000,
    max_reviewers: 10,
    deadline: '2031-03-15T23:59:59Z',
    description: 'Review our new winter jacket',
    ...overrides,
  };
}

/** An Instagram user on the stand-in with its follower count, and an access token of theirs (through the consent flow). */
export async function instagramUser(platforms: LocalPlatforms, username: string, followers: number): Promise<string> {
  const redirectUri = 'http://127.0.0.1/callback';
  const consent = await fetch(
    `${platforms.url}/instagram/oauth/authorize?client_id=review-e2e&response_type=code&username=${username}&redirect_uri=${encodeURIComponent(redirectUri)}`,
    { redirect: 'manual' },
  );
  const code = new URL(consent.headers.get('location') ?? '').searchParams.get('code');
  if (!code) throw new Error(`no code from the consent page: ${consent.status}`);
  const grant = await control(platforms, 'POST', '/instagram/oauth/access_token', {
    client_id: 'review-e2e',
    client_secret: 'review-e2e-secret',
    grant_type: 'authorization_code',
    code,
    redirect_uri: redirectUri,
  });
  await control(platforms, 'POST', `/instagram/_control/users/${username}/followers`, { count: followers });
  return grant.access_token as string;
}
