import { CommonConfig, Env, EnvReader, readCommonConfig } from '@sf/config';
import { readServiceDatabaseConfig, ServiceDatabaseConfig } from '@sf/database';
import { EventsConfig, readEventsConfig } from '@sf/events';

export interface PaymentConfig {
  common: CommonConfig;
  database: ServiceDatabaseConfig;
  events: EventsConfig;
  healthPort: number;
  requestTimeoutMs: number;
}

export function loadPaymentConfig(env: Env): PaymentConfig {
  const reader = new EnvReader(env);
  const common = readCommonConfig(reader, 'payment');
  return {
    common,
    database: readServiceDatabaseConfig(reader, 'payment'),
    events: readEventsConfig(reader, common.natsSubjectPrefix),
    healthPort: reader.int('HEALTH_PORT', 8102, { max: 65535 }),
    requestTimeoutMs: reader.int('REQUEST_TIMEOUT_MS', 5000, { min: 100 }),
  };
}

export const PAYMENT_CONFIG = Symbol('PAYMENT_CONFIG');
