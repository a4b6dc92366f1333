// `npm start`: the whole fleet on this machine, one process per app, on the local Postgres,
// NATS and Redis (or those DATABASE_URL, NATS_URL and REDIS_URL name). Ctrl-C stops it all.
import { resolve } from 'node:path';
import { DEFAULT_DATABASE_URL, DEFAULT_NATS_URL, DEFAULT_REDIS_URL } from '@sf/config';
import { missingDependencies } from './infrastructure';
import { ensureSigningKey } from './keys';
import { migrateAll } from './migrate';
import { Supervisor } from './supervisor';

interface FleetApp {
  name: string;
  entry: string;
  env: Record<string, string>;
}

const say = (line: string) => process.stdout.write(`[start] ${line}\n`);

async function waitForReady(url: string, timeoutMs: number, alive: () => boolean): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && alive()) {
    try {
      if ((await fetch(url, { signal: AbortSignal.timeout(1000) })).status === 200) return true;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return false;
}

async function main(): Promise<void> {
  const startedAt = Date.now();
  const env = process.env;
  const databaseUrl = env.DATABASE_URL || DEFAULT_DATABASE_URL;
  const natsUrl = env.NATS_URL || DEFAULT_NATS_URL;
  const redisUrl = env.REDIS_URL || DEFAULT_REDIS_URL;
  const port = env.PORT || '8000';
  const demoMode = env.DEMO_MODE || 'true';

  const missing = await missingDependencies({ database: databaseUrl, nats: natsUrl, redis: redisUrl });
  if (missing.length) {
    for (const line of missing) process.stderr.write(`${line}\n`);
    process.exit(1);
  }

  const key = ensureSigningKey(env.JWT_PRIVATE_KEY_FILE ? resolve(env.JWT_PRIVATE_KEY_FILE) : undefined);
  if (key.created) say(`created the token signing key ${key.file}`);
  await migrateAll(databaseUrl, (line) => say(`database ${line}`));

  const shared = {
    // No load balancer to wait for on a laptop: stop at once on Ctrl-C.
    SHUTDOWN_DELAY_MS: '0',
    ...env,
    DATABASE_URL: databaseUrl,
    NATS_URL: natsUrl,
    REDIS_URL: redisUrl,
    DEMO_MODE: demoMode,
  } as Record<string, string>;
  // Local stand-ins for Stripe and S3, reached through the official SDKs exactly as the real ones.
  const stripe = {
    STRIPE_SECRET_KEY: env.STRIPE_SECRET_KEY || 'sk_test_local_softfactory',
    STRIPE_WEBHOOK_SECRET: env.STRIPE_WEBHOOK_SECRET || 'whsec_local_softfactory',
    STRIPE_API_URL: env.STRIPE_API_URL || 'http://127.0.0.1:12111',
  };
  const s3 = {
    S3_ENDPOINT: env.S3_ENDPOINT || 'http://127.0.0.1:9000',
    S3_BUCKET: env.S3_BUCKET || 'softfactory-files',
    S3_REGION: env.S3_REGION || 'us-east-1',
    S3_ACCESS_KEY_ID: env.S3_ACCESS_KEY_ID || 'local-access-key',
    S3_SECRET_ACCESS_KEY: env.S3_SECRET_ACCESS_KEY || 'local-secret-key',
  };
  // Local SMTP stand-in: mails land in its mailbox (HTTP API on LOCAL_SMTP_HTTP_PORT).
  const smtp = {
    SMTP_URL: env.SMTP_URL || 'smtp://127.0.0.1:2525',
    LOCAL_SMTP_HTTP_PORT: env.LOCAL_SMTP_HTTP_PORT || '8025',
  };
  // The platforms' stand-in (apps/local-platforms: social and review platforms), with app credentials it accepts.
  const platformsUrl = env.LOCAL_PLATFORMS_URL || 'http://127.0.0.1:8300';
  // The social platforms, for sns (apps/local-platforms), with app credentials it accepts.
  const platforms = {
    SNS_PLATFORMS_URL: env.SNS_PLATFORMS_URL || platformsUrl,
    SNS_INSTAGRAM_CLIENT_ID: env.SNS_INSTAGRAM_CLIENT_ID || 'local-instagram-app',
    SNS_INSTAGRAM_CLIENT_SECRET: env.SNS_INSTAGRAM_CLIENT_SECRET || 'local-instagram-secret',
    SNS_X_CLIENT_ID: env.SNS_X_CLIENT_ID || 'local-x-app',
    SNS_X_CLIENT_SECRET: env.SNS_X_CLIENT_SECRET || 'local-x-secret',
    SNS_TIKTOK_CLIENT_ID: env.SNS_TIKTOK_CLIENT_ID || 'local-tiktok-app',
    SNS_TIKTOK_CLIENT_SECRET: env.SNS_TIKTOK_CLIENT_SECRET || 'local-tiktok-secret',
    SNS_YOUTUBE_CLIENT_ID: env.SNS_YOUTUBE_CLIENT_ID || 'local-youtube-app',
    SNS_YOUTUBE_CLIENT_SECRET: env.SNS_YOUTUBE_CLIENT_SECRET || 'local-youtube-secret',
    SNS_LINKEDIN_CLIENT_ID: env.SNS_LINKEDIN_CLIENT_ID || 'local-linkedin-app',
    SNS_LINKEDIN_CLIENT_SECRET: env.SNS_LINKEDIN_CLIENT_SECRET || 'local-linkedin-secret',
  };
  // The AI provider: the OpenAI-compatible stand-in (apps/local-ai) unless AI_BASE_URL says otherwise.
  const ai = {
    AI_BASE_URL: env.AI_BASE_URL || 'http://127.0.0.1:8310/v1',
    AI_API_KEY: env.AI_API_KEY || 'local-ai-key',
  };
  const apps: FleetApp[] = [
    {
      name: 'local-stripe',
      entry: 'dist/apps/local-stripe/src/main.js',
      env: {
        ...stripe,
        LOCAL_STRIPE_PORT: new URL(stripe.STRIPE_API_URL).port,
        STRIPE_WEBHOOK_URL: `http://127.0.0.1:${port}/api/payment/webhook`,
      },
    },
    {
      name: 'local-s3',
      entry: 'dist/apps/local-s3/src/main.js',
      env: { ...s3, LOCAL_S3_PORT: new URL(s3.S3_ENDPOINT).port, LOCAL_S3_DATA_DIR: resolve('.data/s3') },
    },
    {
      name: 'auth',
      entry: 'dist/apps/auth/src/main.js',
      env: { HEALTH_PORT: env.AUTH_HEALTH_PORT || '8101', JWT_PRIVATE_KEY_FILE: key.file },
    },
    { name: 'payment', entry: 'dist/apps/payment/src/main.js', env: { ...stripe, HEALTH_PORT: env.PAYMENT_HEALTH_PORT || '8102' } },
    { name: 'storage', entry: 'dist/apps/storage/src/main.js', env: { ...s3, HEALTH_PORT: env.STORAGE_HEALTH_PORT || '8103' } },
    { name: 'coocook', entry: 'dist/apps/coocook/src/main.js', env: { HEALTH_PORT: env.COOCOOK_HEALTH_PORT || '8104' } },
    {
      name: 'local-smtp',
      entry: 'dist/apps/local-smtp/src/main.js',
      env: { LOCAL_SMTP_PORT: new URL(smtp.SMTP_URL).port || '25', LOCAL_SMTP_HTTP_PORT: smtp.LOCAL_SMTP_HTTP_PORT },
    },
    {
      name: 'notifications',
      entry: 'dist/apps/notifications/src/main.js',
      env: { SMTP_URL: smtp.SMTP_URL, HEALTH_PORT: env.NOTIFICATIONS_HEALTH_PORT || '8106' },
    },
    { name: 'platform', entry: 'dist/apps/platform/src/main.js', env: { HEALTH_PORT: env.PLATFORM_HEALTH_PORT || '8105' } },
    { name: 'admin', entry: 'dist/apps/admin/src/main.js', env: { HEALTH_PORT: env.ADMIN_HEALTH_PORT || '8107' } },
    {
      name: 'local-platforms',
      entry: 'dist/apps/local-platforms/src/main.js',
      env: { LOCAL_PLATFORMS_PORT: new URL(platformsUrl).port || '8300', LOCAL_PLATFORMS_HOST: '127.0.0.1' },
    },
    {
      name: 'review',
      entry: 'dist/apps/review/src/main.js',
      env: {
        HEALTH_PORT: env.REVIEW_HEALTH_PORT || '8109',
        REVIEW_PLATFORMS_URL: env.REVIEW_PLATFORMS_URL || platformsUrl,
        REVIEW_TOKEN_KEY: env.REVIEW_TOKEN_KEY || 'local-development-review-token-key-change-me',
      },
    },
    {
      name: 'local-ai',
      entry: 'dist/apps/local-ai/src/main.js',
      env: { LOCAL_AI_PORT: new URL(ai.AI_BASE_URL).port, LOCAL_AI_HOST: '127.0.0.1' },
    },
    { name: 'sns', entry: 'dist/apps/sns/src/main.js', env: { ...platforms, ...ai, HEALTH_PORT: env.SNS_HEALTH_PORT || '8108' } },
    {
      name: 'sites',
      entry: 'dist/apps/sites/src/main.js',
      env: { ...s3, HEALTH_PORT: env.SITES_HEALTH_PORT || '8111', SITES_PUBLIC_URL: env.SITES_PUBLIC_URL || `http://localhost:${port}` },
    },
    {
      name: 'automation',
      entry: 'dist/apps/automation/src/main.js',
      env: { ...ai, HEALTH_PORT: env.AUTOMATION_HEALTH_PORT || '8110' },
    },
    { name: 'gateway', entry: 'dist/apps/gateway/src/main.js', env: { PORT: port, HEALTH_PORT: env.GATEWAY_HEALTH_PORT || '8100' } },
  ];

  // A crashed app is restarted with back-off; only Ctrl-C (or SIGTERM) stops the fleet.
  const supervisor = new Supervisor();
  const stopAll = async (code: number) => {
    if (supervisor.isStopping) return;
    say('stopping the fleet');
    await supervisor.stop();
    process.exit(code);
  };
  process.on('SIGINT', () => void stopAll(0));
  process.on('SIGTERM', () => void stopAll(0));
  for (const app of apps) supervisor.start({ name: app.name, entry: app.entry, env: { ...shared, ...app.env } });

  const url = `http://localhost:${port}`;
  const ready = await waitForReady(`${url}/health/ready`, 60_000, () => !supervisor.isStopping);
  if (!ready) {
    process.stderr.write('[start] the gateway did not become ready within 60 s\n');
    return stopAll(1);
  }
  say(`SoftFactory is ready at ${url} after ${((Date.now() - startedAt) / 1000).toFixed(1)} s (API docs: ${url}/api/docs)`);
  if (demoMode === 'true') {
    say(
      `demo login: ${env.DEMO_USER_EMAIL || 'demo@softfactory.dev'} / ${env.DEMO_USER_PASSWORD || 'demo-password-2026'}, or the header "Authorization: Bearer demo_token"`,
    );
  }
  say(`mail sent by the fleet: http://127.0.0.1:${smtp.LOCAL_SMTP_HTTP_PORT}/messages`);
  say('press Ctrl-C to stop');
}

main().catch((error: unknown) => {
  process.stderr.write(`[start] ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
