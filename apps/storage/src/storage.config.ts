import { CommonConfig, Env, EnvReader, readCommonConfig } from '@sf/config';
import { readServiceDatabaseConfig, ServiceDatabaseConfig } from '@sf/database';
import { EventsConfig, readEventsConfig } from '@sf/events';

export interface StorageConfig {
  common: CommonConfig;
  database: ServiceDatabaseConfig;
  events: EventsConfig;
  healthPort: number;
  requestTimeoutMs: number;
}

export function loadStorageConfig(env: Env): StorageConfig {
  const reader = new EnvReader(env);
  const common = readCommonConfig(reader, 'storage');
  return {
    common,
    database: readServiceDatabaseConfig(reader, 'storage'),
    events: readEventsConfig(reader, common.natsSubjectPrefix),
    healthPort: reader.int('HEALTH_PORT', 8103, { max: 65535 }),
    requestTimeoutMs: reader.int('REQUEST_TIMEOUT_MS', 5000, { min: 100 }),
  };
}

export const STORAGE_CONFIG = Symbol('STORAGE_CONFIG');
