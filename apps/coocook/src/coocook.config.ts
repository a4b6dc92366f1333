import { CommonConfig, Env, EnvReader, readCommonConfig } from '@sf/config';
import { readServiceDatabaseConfig, ServiceDatabaseConfig } from '@sf/database';
import { EventsConfig, readEventsConfig } from '@sf/events';

export interface CoocookConfig {
  common: CommonConfig;
  database: ServiceDatabaseConfig;
  events: EventsConfig;
  healthPort: number;
  requestTimeoutMs: number;
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
  };
}

export const COOCOOK_CONFIG = Symbol('COOCOOK_CONFIG');
