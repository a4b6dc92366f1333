// The fleet of apps as `npm start` runs it (and `npm run bench`, beside it on ports of its own):
// each app's name, compiled entry and own variables, in the order they are started.
import { join, resolve } from 'node:path';

export interface FleetApp {
  name: string;
  /** The compiled entry, under `FleetOptions.dist`. */
  entry: string;
  /** The app's own variables, laid over the environment every app shares. */
  env: Record<string, string>;
}

export interface Fleet {
  apps: FleetApp[];
  /** The gateway's public port. */
  gatewayPort: string;
  /** The port of the SMTP stand-in's mailbox (HTTP). */
  smtpHttpPort: string;
}

export interface FleetOptions {
  /** The token signing key auth reads. */
  jwtPrivateKeyFile: string;
  /** The compiled tree the entries are in ('dist', relative to the working directory). */
  dist?: string;
  /**
   * Health ports, unless `<APP>_HEALTH_PORT` names one: the gateway's is this one, auth's the
   * next, then payment, storage, coocook, platform, notifications, admin, sns, review,
   * automation and sites (8100-8111).
   */
  healthPortBase?: number;
  /** Where the S3 stand-in keeps its objects (.data/s3). */
  s3DataDir?: string;
  /** Where the Stripe stand-in keeps its state ('' keeps it in memory; unset: its own default). */
  stripeDataFile?: string;
  /** The address the Stripe stand-in listens on (unset: its own default). */
  stripeHost?: string;
}

/** Each variable as `env` sets it, else its default for this machine. */
function orDefaults<K extends string>(env: Record<string, string | undefined>, defaults: Record<K, string>): Record<K, string> {
  return Object.fromEntries(Object.entries<string>(defaults).map(([name, value]) => [name, env[name] || value])) as Record<K, string>;
}

/** The services' health ports, from the gateway's (`healthPortBase`) up. */
const HEALTH_PORT_ORDER = [
  'gateway',
  'auth',
  'payment',
  'storage',
  'coocook',
  'platform',
  'notifications',
  'admin',
  'sns',
  'review',
  'automation',
  'sites',
] as const;

/**
 * The fleet, its ports, URLs and credentials read from `env` (the variables `npm start` honours:
 * PORT, <APP>_HEALTH_PORT, STRIPE_*, S3_*, SMTP_URL, LOCAL_SMTP_HTTP_PORT, LOCAL_PLATFORMS_URL,
 * SNS_*, AI_*, REVIEW_*, SITES_PUBLIC_URL), with the defaults `npm start` runs on.
 */
export function fleetApps(env: Record<string, string | undefined>, options: FleetOptions): Fleet {
  const dist = options.dist ?? 'dist';
  const entry = (name: string) => join(dist, 'apps', name, 'src', 'main.js');
  const base = options.healthPortBase ?? 8100;
  const healthPort = (name: (typeof HEALTH_PORT_ORDER)[number]) =>
    env[`${name.toUpperCase()}_HEALTH_PORT`] || String(base + HEALTH_PORT_ORDER.indexOf(name));
  const port = env.PORT || '8000';

  // Local stand-ins for Stripe and S3, reached through the official SDKs exactly as the real ones.
  const stripe = orDefaults(env, {
    STRIPE_SECRET_KEY: 'sk_test_local_softfactory',
    STRIPE_WEBHOOK_SECRET: 'whsec_local_softfactory',
    STRIPE_API_URL: 'http://127.0.0.1:12111',
  });
  const s3 = orDefaults(env, {
    S3_ENDPOINT: 'http://127.0.0.1:9000',
    S3_BUCKET: 'softfactory-files',
    S3_REGION: 'us-east-1',
    S3_ACCESS_KEY_ID: 'local-access-key',
    S3_SECRET_ACCESS_KEY: 'local-secret-key',
  });
  // Local SMTP stand-in: mails land in its mailbox (HTTP API on LOCAL_SMTP_HTTP_PORT).
  const smtp = orDefaults(env, {
    SMTP_URL: 'smtp://127.0.0.1:2525',
    LOCAL_SMTP_HTTP_PORT: '8025',
  });
  // The platforms' stand-in (apps/local-platforms: social and review platforms), with app credentials it accepts.
  const platformsUrl = env.LOCAL_PLATFORMS_URL || 'http://127.0.0.1:8300';
  // The social platforms, for sns (apps/local-platforms), with app credentials it accepts.
  const platforms = orDefaults(env, {
    SNS_PLATFORMS_URL: platformsUrl,
    SNS_INSTAGRAM_CLIENT_ID: 'local-instagram-app',
    SNS_INSTAGRAM_CLIENT_SECRET: 'local-instagram-secret',
    SNS_X_CLIENT_ID: 'local-x-app',
    SNS_X_CLIENT_SECRET: 'local-x-secret',
    SNS_TIKTOK_CLIENT_ID: 'local-tiktok-app',
    SNS_TIKTOK_CLIENT_SECRET: 'local-tiktok-secret',
    SNS_YOUTUBE_CLIENT_ID: 'local-youtube-app',
    SNS_YOUTUBE_CLIENT_SECRET: 'local-youtube-secret',
    SNS_LINKEDIN_CLIENT_ID: 'local-linkedin-app',
    SNS_LINKEDIN_CLIENT_SECRET: 'local-linkedin-secret',
  });
  // The AI provider: the OpenAI-compatible stand-in (apps/local-ai) unless AI_BASE_URL says otherwise.
  const ai = orDefaults(env, {
    AI_BASE_URL: 'http://127.0.0.1:8310/v1',
    AI_API_KEY: 'local-ai-key',
  });

  const apps: FleetApp[] = [
    {
      name: 'local-stripe',
      entry: entry('local-stripe'),
      env: {
        ...stripe,
        LOCAL_STRIPE_PORT: new URL(stripe.STRIPE_API_URL).port,
        STRIPE_WEBHOOK_URL: `http://127.0.0.1:${port}/api/payment/webhook`,
        ...(options.stripeHost !== undefined ? { LOCAL_STRIPE_HOST: options.stripeHost } : {}),
        ...(options.stripeDataFile !== undefined ? { LOCAL_STRIPE_DATA_FILE: options.stripeDataFile } : {}),
      },
    },
    {
      name: 'local-s3',
      entry: entry('local-s3'),
      env: { ...s3, LOCAL_S3_PORT: new URL(s3.S3_ENDPOINT).port, LOCAL_S3_DATA_DIR: options.s3DataDir ?? resolve('.data/s3') },
    },
    { name: 'auth', entry: entry('auth'), env: { HEALTH_PORT: healthPort('auth'), JWT_PRIVATE_KEY_FILE: options.jwtPrivateKeyFile } },
    { name: 'payment', entry: entry('payment'), env: { ...stripe, HEALTH_PORT: healthPort('payment') } },
    { name: 'storage', entry: entry('storage'), env: { ...s3, HEALTH_PORT: healthPort('storage') } },
    { name: 'coocook', entry: entry('coocook'), env: { HEALTH_PORT: healthPort('coocook') } },
    {
      name: 'local-smtp',
      entry: entry('local-smtp'),
      env: { LOCAL_SMTP_PORT: new URL(smtp.SMTP_URL).port || '25', LOCAL_SMTP_HTTP_PORT: smtp.LOCAL_SMTP_HTTP_PORT },
    },
    { name: 'notifications', entry: entry('notifications'), env: { SMTP_URL: smtp.SMTP_URL, HEALTH_PORT: healthPort('notifications') } },
    { name: 'platform', entry: entry('platform'), env: { HEALTH_PORT: healthPort('platform') } },
    { name: 'admin', entry: entry('admin'), env: { HEALTH_PORT: healthPort('admin') } },
    {
      name: 'local-platforms',
      entry: entry('local-platforms'),
      env: { LOCAL_PLATFORMS_PORT: new URL(platformsUrl).port || '8300', LOCAL_PLATFORMS_HOST: '127.0.0.1' },
    },
    {
      name: 'review',
      entry: entry('review'),
      env: {
        HEALTH_PORT: healthPort('review'),
        REVIEW_PLATFORMS_URL: env.REVIEW_PLATFORMS_URL || platformsUrl,
        REVIEW_TOKEN_KEY: env.REVIEW_TOKEN_KEY || 'local-development-review-token-key-change-me',
      },
    },
    {
      name: 'local-ai',
      entry: entry('local-ai'),
      env: { LOCAL_AI_PORT: new URL(ai.AI_BASE_URL).port, LOCAL_AI_HOST: '127.0.0.1' },
    },
    { name: 'sns', entry: entry('sns'), env: { ...platforms, ...ai, HEALTH_PORT: healthPort('sns') } },
    {
      name: 'sites',
      entry: entry('sites'),
      env: { ...s3, HEALTH_PORT: healthPort('sites'), SITES_PUBLIC_URL: env.SITES_PUBLIC_URL || `http://localhost:${port}` },
    },
    { name: 'automation', entry: entry('automation'), env: { ...ai, HEALTH_PORT: healthPort('automation') } },
    { name: 'gateway', entry: entry('gateway'), env: { PORT: port, HEALTH_PORT: healthPort('gateway') } },
  ];
  return { apps, gatewayPort: port, smtpHttpPort: smtp.LOCAL_SMTP_HTTP_PORT };
}

/** Every app of the fleet by name, in the order it starts. */
export const FLEET_APP_NAMES: readonly string[] = fleetApps({}, { jwtPrivateKeyFile: '' }).apps.map((app) => app.name);
