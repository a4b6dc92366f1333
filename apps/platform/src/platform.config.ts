import { CommonConfig, Env, EnvReader, readCommonConfig } from '@sf/config';
import { AnswerCacheOptions, readServiceDatabaseConfig, ServiceDatabaseConfig } from '@sf/database';
import { EventsConfig, readEventsConfig } from '@sf/events';

export interface PlatformConfig {
  common: CommonConfig;
  database: ServiceDatabaseConfig;
  events: EventsConfig;
  healthPort: number;
  requestTimeoutMs: number;
  /** Full-text answers kept per replica (ADR 0014). */
  searchCache: AnswerCacheOptions;
  /** Trending answers kept per replica, served stale while one refresh runs (ADR 0014). */
  trendingCache: { entries: number; ttlMs: number };
}

export function loadPlatformConfig(env: Env): PlatformConfig {
  const reader = new EnvReader(env);
  const common = readCommonConfig(reader, 'platform');
  return {
    common,
    database: readServiceDatabaseConfig(reader, 'platform'),
    events: readEventsConfig(reader, common.natsSubjectPrefix),
    healthPort: reader.int('HEALTH_PORT', 8105, { max: 65535 }),
    requestTimeoutMs: reader.int('REQUEST_TIMEOUT_MS', 5000, { min: 100 }),
    searchCache: {
      entries: reader.int('PLATFORM_SEARCH_CACHE_ENTRIES', 256, { min: 0, max: 10_000 }),
      ttlMs: reader.int('PLATFORM_SEARCH_CACHE_TTL_MS', 60_000, { min: 1, max: 3_600_000 }),
    },
    trendingCache: {
      entries: reader.int('PLATFORM_TRENDING_CACHE_ENTRIES', 64, { min: 0, max: 10_000 }),
      ttlMs: reader.int('PLATFORM_TRENDING_CACHE_TTL_MS', 60_000, { min: 1, max: 3_600_000 }),
    },
  };
}

export const PLATFORM_CONFIG = Symbol('PLATFORM_CONFIG');
