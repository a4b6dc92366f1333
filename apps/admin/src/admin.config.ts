import { CommonConfig, Env, EnvReader, readCommonConfig } from '@sf/config';
import { readServiceDatabaseConfig, ServiceDatabaseConfig } from '@sf/database';
import { EventsConfig, readEventsConfig } from '@sf/events';

export interface AdminConfig {
  common: CommonConfig;
  database: ServiceDatabaseConfig;
  events: EventsConfig;
  healthPort: number;
  requestTimeoutMs: number;
  /** Accounts made admin when they appear while no admin exists yet (lower-cased). */
  adminEmails: string[];
  /** Redis the platform shares (the gateway's rate limits): pinged for the health metrics; absent, reported as not configured. */
  redisUrl: string | undefined;
  gdpr: {
    /** How long every service has to answer an export or a deletion before it ends `incomplete`. */
    deadlineSeconds: number;
    /** How long an export part's upload URL, and each download URL handed to an admin, stays valid. */
    urlSeconds: number;
  };
}

export function loadAdminConfig(env: Env): AdminConfig {
  const reader = new EnvReader(env);
  const common = readCommonConfig(reader, 'admin');
  return {
    common,
    database: readServiceDatabaseConfig(reader, 'admin'),
    events: readEventsConfig(reader, common.natsSubjectPrefix),
    healthPort: reader.int('HEALTH_PORT', 8107, { max: 65535 }),
    requestTimeoutMs: reader.int('REQUEST_TIMEOUT_MS', 5000, { min: 100 }),
    adminEmails: reader.list('ADMIN_EMAILS', []).map((email) => email.toLowerCase()),
    redisUrl: reader.optionalString('REDIS_URL'),
    gdpr: {
      deadlineSeconds: reader.int('GDPR_DEADLINE_SECONDS', 24 * 3600, { min: 1 }),
      urlSeconds: reader.int('GDPR_URL_SECONDS', 3600, { min: 60, max: 7 * 24 * 3600 }),
    },
  };
}

export const ADMIN_CONFIG = Symbol('ADMIN_CONFIG');
/** The service's pino logger. */
export const ADMIN_LOGGER = Symbol('ADMIN_LOGGER');
