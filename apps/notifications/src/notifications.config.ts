import { CommonConfig, ConfigError, Env, EnvReader, readCommonConfig } from '@sf/config';
import { readServiceDatabaseConfig, ServiceDatabaseConfig } from '@sf/database';
import { EventsConfig, readEventsConfig } from '@sf/events';

export interface MailConfig {
  /** `smtp://host:port` or `smtps://user:pass@host:465`; nodemailer reads it as is. */
  smtpUrl: string;
  /** The sender of every mail. */
  from: string;
}

export interface WebhooksConfig {
  /** AES-256-GCM key the endpoints' signing secrets are stored under (32 bytes). */
  secretKey: Buffer;
  timeoutMs: number;
  /** Attempts of one delivery, the first included. */
  maxAttempts: number;
  /** The gap before the second attempt; each later gap doubles (with up to 25% jitter). */
  retryBaseMs: number;
  retryMaxMs: number;
  /** Failed attempts in a row after which an endpoint is disabled. */
  disableAfterFailures: number;
  /** Hosts (`host` or `host:port`) exempt from the address and https rules: the local stand-ins. */
  allowedHosts: string[];
  /** Plain http accepted (demo mode); otherwise https only, allow-listed hosts aside. */
  allowHttp: boolean;
}

export interface NotificationsConfig {
  common: CommonConfig;
  database: ServiceDatabaseConfig;
  events: EventsConfig;
  healthPort: number;
  requestTimeoutMs: number;
  mail: MailConfig;
  webhooks: WebhooksConfig;
}

/** A development key, accepted in demo mode only. */
const DEMO_WEBHOOK_SECRET_KEY = 'c29mdGZhY3RvcnktZGVtby13ZWJob29rLXNlY3JldHM=';

function readWebhooksConfig(reader: EnvReader, demoMode: boolean): WebhooksConfig {
  const encoded = demoMode ? reader.string('WEBHOOK_SECRET_KEY', DEMO_WEBHOOK_SECRET_KEY) : reader.string('WEBHOOK_SECRET_KEY');
  const secretKey = /^[0-9a-f]{64}$/i.test(encoded) ? Buffer.from(encoded, 'hex') : Buffer.from(encoded, 'base64');
  if (secretKey.length !== 32) throw new ConfigError('WEBHOOK_SECRET_KEY', 'must be 32 bytes, as 64 hex digits or base64');
  return {
    secretKey,
    timeoutMs: reader.int('WEBHOOK_TIMEOUT_MS', 10_000, { min: 100, max: 60_000 }),
    maxAttempts: reader.int('WEBHOOK_MAX_ATTEMPTS', 8, { min: 1, max: 30 }),
    // 8 attempts: gaps of 1, 2, 4 ... 64 times the base, about a day in all.
    retryBaseMs: reader.int('WEBHOOK_RETRY_BASE_MS', 680_000, { min: 100 }),
    retryMaxMs: reader.int('WEBHOOK_RETRY_MAX_MS', 12 * 3_600_000, { min: 100 }),
    disableAfterFailures: reader.int('WEBHOOK_DISABLE_AFTER_FAILURES', 20, { min: 1 }),
    allowedHosts: reader.list('WEBHOOK_ALLOWED_HOSTS', []).map((h) => h.toLowerCase()),
    allowHttp: demoMode,
  };
}

function readMailConfig(reader: EnvReader): MailConfig {
  const smtpUrl = reader.url('SMTP_URL', 'smtp://127.0.0.1:2525');
  if (!/^smtps?:$/.test(new URL(smtpUrl).protocol)) throw new ConfigError('SMTP_URL', 'must be an smtp:// or smtps:// URL');
  return { smtpUrl, from: reader.string('MAIL_FROM', 'SoftFactory <no-reply@softfactory.dev>') };
}

export function loadNotificationsConfig(env: Env): NotificationsConfig {
  const reader = new EnvReader(env);
  const common = readCommonConfig(reader, 'notifications');
  return {
    common,
    database: readServiceDatabaseConfig(reader, 'notifications'),
    events: readEventsConfig(reader, common.natsSubjectPrefix),
    healthPort: reader.int('HEALTH_PORT', 8106, { max: 65535 }),
    requestTimeoutMs: reader.int('REQUEST_TIMEOUT_MS', 5000, { min: 100 }),
    mail: readMailConfig(reader),
    webhooks: readWebhooksConfig(reader, common.demoMode),
  };
}

export const NOTIFICATIONS_CONFIG = Symbol('NOTIFICATIONS_CONFIG');
