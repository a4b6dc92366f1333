import { CommonConfig, Env, EnvReader, readCommonConfig } from '@sf/config';
import { AnswerCacheOptions, readServiceDatabaseConfig, ServiceDatabaseConfig } from '@sf/database';
import { EventsConfig, readEventsConfig } from '@sf/events';

export interface CoocookConfig {
  common: CommonConfig;
  database: ServiceDatabaseConfig;
  events: EventsConfig;
  healthPort: number;
  requestTimeoutMs: number;
  /** Recipe search answers kept per replica (0: none), and how old their view counts may get. */
  searchCache: AnswerCacheOptions;
}

export function loadCoocookConfig(env: Env): CoocookConfig {
  const reader = new EnvReader(env);
  const common = readCommonConfig(reader, 'coocook');
  return {
    common,
    database: readServiceDatabaseConfig(reader, 'coocook'),
    events: readEventsConfig(reader, common.natsSubjectPrefix),
    healthPort: reader.int('HEALTH_PORT', 8104, { max: 65535 }),
    requestTimeoutMs: reader.int('REQUEST_TIMEOUT_MS', 5000, { min: 100 }),
    searchCache: {
      entries: reader.int('RECIPE_SEARCH_CACHE_ENTRIES', 256, { min: 0, max: 10_000 }),
      ttlMs: reader.int('RECIPE_SEARCH_CACHE_TTL_MS', 5000, { min: 1, max: 300_000 }),
    },
  };
}

export const COOCOOK_CONFIG = Symbol('COOCOOK_CONFIG');
