import { Env, EnvReader } from '@sf/config';

export interface LocalStripeConfig {
  port: number;
  host: string;
  secretKey: string;
  webhookSecret: string;
  webhookUrl: string | null;
  publicUrl: string | undefined;
  dataFile: string | undefined;
  logLevel: string;
}

export function loadLocalStripeConfig(env: Env): LocalStripeConfig {
  const reader = new EnvReader(env);
  const apiUrl = reader.optionalString('STRIPE_API_URL');
  return {
    port: reader.int('LOCAL_STRIPE_PORT', 12111, { max: 65535 }),
    // Like the gateway: reachable from other containers (docker-compose) unless told otherwise.
    host: reader.string('LOCAL_STRIPE_HOST', '0.0.0.0'),
    secretKey: reader.string('STRIPE_SECRET_KEY'),
    webhookSecret: reader.string('STRIPE_WEBHOOK_SECRET'),
    webhookUrl: reader.optionalString('STRIPE_WEBHOOK_URL') ?? null,
    // The checkout pages are opened by people and clients: served where the API is reached.
    publicUrl: reader.optionalString('LOCAL_STRIPE_PUBLIC_URL') ?? (apiUrl ? apiUrl.replace(/\/+$/, '') : undefined),
    dataFile: reader.string('LOCAL_STRIPE_DATA_FILE', '.data/local-stripe.json') || undefined,
    logLevel: reader.string('LOG_LEVEL', 'info'),
  };
}
