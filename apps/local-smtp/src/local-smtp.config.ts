import { Env, EnvReader } from '@sf/config';

export interface LocalSmtpConfig {
  smtpPort: number;
  httpPort: number;
  host: string;
  /** Mails kept; the oldest go first. */
  maxMessages: number;
  logLevel: string;
}

export function loadLocalSmtpConfig(env: Env): LocalSmtpConfig {
  const reader = new EnvReader(env);
  return {
    smtpPort: reader.int('LOCAL_SMTP_PORT', 2525, { max: 65535 }),
    httpPort: reader.int('LOCAL_SMTP_HTTP_PORT', 8025, { max: 65535 }),
    // Like the other stand-ins: reachable from other containers (docker-compose) unless told otherwise.
    host: reader.string('LOCAL_SMTP_HOST', '0.0.0.0'),
    maxMessages: reader.int('LOCAL_SMTP_MAX_MESSAGES', 1000, { min: 1 }),
    logLevel: reader.string('LOG_LEVEL', 'info'),
  };
}
