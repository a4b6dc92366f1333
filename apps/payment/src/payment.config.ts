import { CommonConfig, ConfigError, Env, EnvReader, readCommonConfig } from '@sf/config';
import { readServiceDatabaseConfig, ServiceDatabaseConfig } from '@sf/database';
import { EventsConfig, readEventsConfig } from '@sf/events';

export interface StripeConfig {
  secretKey: string;
  webhookSecret: string;
  /** A Stripe-compatible server (local runs, tests); undefined means Stripe itself. */
  apiUrl: string | undefined;
  /** Prices created in the Stripe Dashboard, by `<product slug>:<plan slug>:<monthly|annual>`. */
  priceIds: Record<string, string>;
  /** How old a webhook signature may be, in seconds. */
  webhookToleranceSeconds: number;
  timeoutMs: number;
}

export interface PaymentConfig {
  common: CommonConfig;
  database: ServiceDatabaseConfig;
  events: EventsConfig;
  stripe: StripeConfig;
  /** Where clients reach the gateway: checkout return URLs and PDF links point there. */
  publicBaseUrl: string;
  healthPort: number;
  requestTimeoutMs: number;
}

function readPriceIds(reader: EnvReader): Record<string, string> {
  const raw = reader.optionalString('STRIPE_PRICE_IDS');
  if (!raw) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new ConfigError('STRIPE_PRICE_IDS', 'must be a JSON object such as {"coocook:pro:monthly":"price_..."}');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new ConfigError('STRIPE_PRICE_IDS', 'must be a JSON object such as {"coocook:pro:monthly":"price_..."}');
  }
  for (const [key, value] of Object.entries(parsed)) {
    if (!/^[a-z0-9-]+:(pro|enterprise):(monthly|annual)$/.test(key) || typeof value !== 'string' || !value.startsWith('price_')) {
      throw new ConfigError('STRIPE_PRICE_IDS', `has an invalid entry "${key}"`);
    }
  }
  return parsed as Record<string, string>;
}

export function loadPaymentConfig(env: Env): PaymentConfig {
  const reader = new EnvReader(env);
  const common = readCommonConfig(reader, 'payment');
  const apiUrl = reader.optionalString('STRIPE_API_URL');
  if (apiUrl) reader.url('STRIPE_API_URL');
  return {
    common,
    database: readServiceDatabaseConfig(reader, 'payment'),
    events: readEventsConfig(reader, common.natsSubjectPrefix),
    stripe: {
      secretKey: reader.string('STRIPE_SECRET_KEY'),
      webhookSecret: reader.string('STRIPE_WEBHOOK_SECRET'),
      apiUrl,
      priceIds: readPriceIds(reader),
      webhookToleranceSeconds: reader.int('STRIPE_WEBHOOK_TOLERANCE_SECONDS', 300, { min: 1, max: 86_400 }),
      timeoutMs: reader.int('STRIPE_TIMEOUT_MS', 10_000, { min: 100 }),
    },
    publicBaseUrl: reader.url('PUBLIC_BASE_URL', 'http://localhost:8000').replace(/\/+$/, ''),
    healthPort: reader.int('HEALTH_PORT', 8102, { max: 65535 }),
    requestTimeoutMs: reader.int('REQUEST_TIMEOUT_MS', 5000, { min: 100 }),
  };
}

export const PAYMENT_CONFIG = Symbol('PAYMENT_CONFIG');
