import { CommonConfig, ConfigError, Env, EnvReader, readCommonConfig } from '@sf/config';
import { SERVICE_NAMES, Tier } from '@sf/contracts';
import { EventsConfig, readEventsConfig } from '@sf/events/streams';

export interface WindowLimits {
  perMinute: number;
  perHour: number;
}

export interface GatewayConfig {
  common: CommonConfig;
  events: EventsConfig;
  port: number;
  host: string;
  /** Side port for /metrics and /health/live, off the public port. */
  healthPort: number;
  /** Shared store for rate limits; undefined means in-memory (one replica only). */
  redisUrl: string | undefined;
  requestTimeoutMs: number;
  bodyLimitBytes: number;
  /** Proxies in front of the gateway whose X-Forwarded-For is believed: false, true (all) or a hop count. */
  trustProxy: boolean | number;
  rateLimits: { anonymous: WindowLimits; user: WindowLimits; premium: WindowLimits; auth: WindowLimits };
  /** Services whose ping readiness waits for. */
  services: string[];
  apiKeyCacheSeconds: number;
  /** Namespace of the rate-limit keys in Redis (lets several fleets share one Redis). */
  rateLimitPrefix: string;
  /** Requests in flight per account by plan tier, and how long a lease lasts unrenewed (ADR 0011). */
  concurrency: { enabled: boolean; perTier: Record<Tier, number>; leaseMs: number };
  /** Browser origins allowed to call the API (exact origins, or `*` without credentials). */
  cors: { origins: string[]; credentials: boolean; maxAgeSeconds: number };
}

function readCors(reader: EnvReader): GatewayConfig['cors'] {
  const origins = reader.list('CORS_ORIGINS', []);
  const credentials = reader.bool('CORS_CREDENTIALS', false);
  for (const origin of origins) {
    if (origin === '*') {
      // Browsers refuse `*` with credentials; a list of origins says who is trusted.
      if (credentials) throw new ConfigError('CORS_ORIGINS', 'must list origins, not *, when CORS_CREDENTIALS=true');
      continue;
    }
    let parsed: URL;
    try {
      parsed = new URL(origin);
    } catch {
      throw new ConfigError('CORS_ORIGINS', `must be comma-separated origins like https://app.example.com, got "${origin}"`);
    }
    if (parsed.origin !== origin) throw new ConfigError('CORS_ORIGINS', `"${origin}" is not an origin (scheme://host[:port], no path)`);
  }
  if (origins.includes('*') && origins.length > 1) throw new ConfigError('CORS_ORIGINS', 'is either * or a list of origins');
  return { origins, credentials, maxAgeSeconds: reader.int('CORS_MAX_AGE_SECONDS', 600, { max: 86_400 }) };
}

export function loadGatewayConfig(env: Env): GatewayConfig {
  const reader = new EnvReader(env);
  const limits = (prefix: string, perMinute: number, perHour: number): WindowLimits => ({
    perMinute: reader.int(`RATE_LIMIT_${prefix}_PER_MIN`, perMinute, { min: 1 }),
    perHour: reader.int(`RATE_LIMIT_${prefix}_PER_HOUR`, perHour, { min: 1 }),
  });
  const common = readCommonConfig(reader, 'gateway');
  return {
    common,
    events: readEventsConfig(reader, common.natsSubjectPrefix),
    port: reader.int('PORT', 8000, { max: 65535 }),
    host: reader.string('HOST', '0.0.0.0'),
    healthPort: reader.int('HEALTH_PORT', 8100, { max: 65535 }),
    redisUrl: reader.optionalString('REDIS_URL'),
    requestTimeoutMs: reader.int('REQUEST_TIMEOUT_MS', 5000, { min: 100 }),
    bodyLimitBytes: reader.int('BODY_LIMIT_BYTES', 1_048_576, { min: 1024 }),
    trustProxy: readTrustProxy(env),
    rateLimits: {
      anonymous: limits('ANON', 30, 500),
      user: limits('USER', 60, 1000),
      premium: limits('PREMIUM', 300, 10_000),
      auth: limits('AUTH', 10, 100),
    },
    services: reader.list('GATEWAY_SERVICES', [...SERVICE_NAMES]),
    apiKeyCacheSeconds: reader.int('API_KEY_CACHE_SECONDS', 60, { min: 0, max: 3600 }),
    rateLimitPrefix: reader.string('RATE_LIMIT_PREFIX', 'rl'),
    concurrency: {
      enabled: reader.bool('CONCURRENCY_LIMITS_ENABLED', true),
      perTier: {
        free: reader.int('CONCURRENCY_LIMIT_FREE', 5, { min: 1 }),
        premium: reader.int('CONCURRENCY_LIMIT_PREMIUM', 25, { min: 1 }),
        enterprise: reader.int('CONCURRENCY_LIMIT_ENTERPRISE', 100, { min: 1 }),
      },
      leaseMs: reader.int('CONCURRENCY_LEASE_MS', 15_000, { min: 100, max: 600_000 }),
    },
    cors: readCors(reader),
  };
}

/**
 * `TRUST_PROXY`: a number is the count of proxy hops in front of the gateway (behind one Ingress
 * controller: 1), so the client address is the one that hop saw, not one a client made up.
 */
function readTrustProxy(env: Env): boolean | number {
  const raw = env.TRUST_PROXY?.trim();
  if (raw && /^\d+$/.test(raw)) {
    const hops = Number(raw);
    if (hops > 10) throw new ConfigError('TRUST_PROXY', `must be true, false or a hop count up to 10, got "${raw}"`);
    return hops;
  }
  return new EnvReader(env).bool('TRUST_PROXY', false);
}

export const GATEWAY_CONFIG = Symbol('GATEWAY_CONFIG');
