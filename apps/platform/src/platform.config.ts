import { CommonConfig, Env, EnvReader, readCommonConfig } from '@sf/config';
import { readServiceDatabaseConfig, ServiceDatabaseConfig } from '@sf/database';
import { EventsConfig, readEventsConfig } from '@sf/events';

export interface PlatformConfig {
  common: CommonConfig;
  database: ServiceDatabaseConfig;
  events: EventsConfig;
  healthPort: number;
  requestTimeoutMs: number;
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
  };
}

export const PLATFORM_CONFIG = Symbol('PLATFORM_CONFIG');
