import { CommonConfig, ConfigError, Env, EnvReader, readCommonConfig } from '@sf/config';
import { readServiceDatabaseConfig, ServiceDatabaseConfig } from '@sf/database';
import { EventsConfig, readEventsConfig } from '@sf/events';

export interface MailConfig {
  /** `smtp://host:port` or `smtps://user:pass@host:465`; nodemailer reads it as is. */
  smtpUrl: string;
  /** The sender of every mail. */
  from: string;
}

export interface NotificationsConfig {
  common: CommonConfig;
  database: ServiceDatabaseConfig;
  events: EventsConfig;
  healthPort: number;
  requestTimeoutMs: number;
  mail: MailConfig;
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
  };
}

export const NOTIFICATIONS_CONFIG = Symbol('NOTIFICATIONS_CONFIG');
