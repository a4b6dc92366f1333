import { ApiClient, AppStarter, eventually, RegisteredUser } from '@sf/testing';
import { LocalAi, startLocalAi } from '../../../apps/local-ai/src/local-ai';
import { LocalPlatforms, startLocalPlatforms } from '../../../apps/local-platforms/src/local-platforms';
import { authService, paymentService, snsService, storageService } from '../fleet';
import { gatewayPath, PaymentFleet, payCheckout, startPaymentFleet } from '../payment-fleet';
import { startTestS3, TestS3 } from '../storage-fleet';

/** App credentials the stand-in accepts (any non-empty pair). */
export const PLATFORM_CREDENTIALS = {
  SNS_INSTAGRAM_CLIENT_ID: 'e2e-instagram-app',
  SNS_INSTAGRAM_CLIENT_SECRET: 'e2e-instagram-secret-value',
  SNS_X_CLIENT_ID: 'e2e-x-app',
  SNS_X_CLIENT_SECRET: 'e2e-x-secret-value',
  SNS_TIKTOK_CLIENT_ID: 'e2e-tiktok-app',
  SNS_TIKTOK_CLIENT_SECRET: 'e2e-tiktok-secret-value',
  SNS_YOUTUBE_CLIENT_ID: 'e2e-youtube-app',
  SNS_YOUTUBE_CLIENT_SECRET: 'e2e-youtube-secret-value',
  SNS_LINKEDIN_CLIENT_ID: 'e2e-linkedin-app',
  SNS_LINKEDIN_CLIENT_SECRET: 'e2e-linkedin-secret-value',
};

export interface SnsFleet extends PaymentFleet {
  platforms: LocalPlatforms;
  /** The OpenAI-compatible stand-in the AI routes use. */
  ai: LocalAi;
  s3: TestS3;
  /** `POST` to the stand-in's controls, e.g. `control('instagram', '/posts/123/likes', {count: 3})`. */
  control(platform: 'instagram' | 'x' | 'tiktok' | 'youtube' | 'linkedin', path: string, body?: unknown, method?: string): Promise<any>;
}

/**
 * Auth, payment (local Stripe), storage (local S3) and sns behind the gateway, with the social
 * platforms' stand-in started here; `services` replaces the default list (a second sns replica).
 */
export async function startSnsFleet(env: Record<string, string> = {}, services?: AppStarter[]): Promise<SnsFleet> {
  const platforms = await startLocalPlatforms({ port: 0 });
  const ai = await startLocalAi({ apiKey: 'e2e-ai-key' });
  const s3 = await startTestS3();
  try {
    const base = await startPaymentFleet(services ?? [authService, paymentService, storageService, snsService], {
      ...s3.env,
      ...PLATFORM_CREDENTIALS,
      SNS_PLATFORMS_URL: platforms.url,
      AI_BASE_URL: `${ai.url}/v1`,
      AI_API_KEY: 'e2e-ai-key',
      AI_PROVIDER_NAME: 'local-ai',
      AI_TIMEOUT_MS: '2000',
      DEMO_MODE: 'false',
      ...env,
    });
    return {
      ...base,
      platforms,
      ai,
      s3,
      control: async (platform, path, body = {}, method = 'POST') => {
        const response = await fetch(`${platforms.url}/${platform}/_control${path}`, {
          method,
          headers: method === 'GET' ? {} : { 'content-type': 'application/json' },
          body: method === 'GET' ? undefined : JSON.stringify(body),
        });
        return response.json();
      },
      close: async () => {
        await base.close();
        await platforms.close();
        await ai.close().catch(() => undefined);
        await s3.close();
      },
    };
  } catch (error) {
    await platforms.close();
    await ai.close();
    await s3.close();
    throw error;
  }
}

/** Subscribes the user to SNS Auto (product 2) as seed workflow 1 does, and waits until sns knows. */
export async function subscribeToSns(api: ApiClient, user: RegisteredUser): Promise<void> {
  const checkout = await api.post('/api/payment/checkout', { product_id: 2, plan_type: 'monthly' }, { token: user.accessToken });
  if (checkout.status !== 201) throw new Error(`checkout failed: ${checkout.status} ${checkout.text}`);
  await payCheckout(checkout.body.checkout_url);
  await eventually(async () => {
    const probe = await api.get('/api/sns/accounts', { token: user.accessToken });
    if (probe.status !== 200) throw new Error(`not subscribed yet: ${probe.status}`);
  }, 15_000);
}

/**
 * Opens an account's authorize_url as a browser would: the stand-in's consent page approves and
 * redirects to the callback, which is followed on this fleet's gateway. Answers the callback's reply.
 */
export async function approveConsent(api: ApiClient, authorizeUrl: string, username?: string): Promise<{ status: number; body: any }> {
  const url = new URL(authorizeUrl);
  if (username) url.searchParams.set('username', username);
  const consent = await fetch(url, { redirect: 'manual' });
  await consent.arrayBuffer();
  const location = consent.headers.get('location');
  if (consent.status !== 302 || !location) throw new Error(`consent page answered ${consent.status}`);
  const callback = await api.get(gatewayPath(location));
  return { status: callback.status, body: callback.body };
}

/** A connected account of the user's on `platform` (through the API and the consent page). */
export async function connectAccount(api: ApiClient, user: RegisteredUser, platform: string, username?: string): Promise<any> {
  const created = await api.post('/api/sns/accounts', { platform, account_name: `my${platform}` }, { token: user.accessToken });
  if (created.status !== 201) throw new Error(`account create failed: ${created.status} ${created.text}`);
  const connected = await approveConsent(api, created.body.authorize_url, username);
  if (connected.status !== 200) throw new Error(`callback failed: ${connected.status} ${JSON.stringify(connected.body)}`);
  return connected.body;
}

/** Waits until the post's targets have all left draft/scheduled/publishing, and answers the post. */
export async function settledPost(api: ApiClient, user: RegisteredUser, postId: string, timeoutMs = 20_000): Promise<any> {
  return eventually(async () => {
    const post = await api.get(`/api/sns/posts/${postId}`, { token: user.accessToken });
    if (post.status !== 200) throw new Error(`post read failed: ${post.status}`);
    if (!['published', 'failed'].includes(post.body.status)) throw new Error(`still ${post.body.status}`);
    return post.body;
  }, timeoutMs);
}
