import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { CommonConfig, ConfigError, Env, EnvReader, readCommonConfig } from '@sf/config';
import type { OAuthProvider } from '@sf/contracts';
import { readServiceDatabaseConfig, ServiceDatabaseConfig } from '@sf/database';
import { EventsConfig, readEventsConfig } from '@sf/events';

export interface OAuthProviderConfig {
  clientId: string | undefined;
  clientSecret: string | undefined;
  authorizeUrl: string;
  tokenUrl: string;
  userInfoUrl: string;
  scope: string;
  redirectUris: string[];
}

export interface AuthConfig {
  common: CommonConfig;
  database: ServiceDatabaseConfig;
  events: EventsConfig;
  healthPort: number;
  requestTimeoutMs: number;
  /** PEM of the RS256 signing key; generated in memory only when JWT_GENERATE_KEY=true. */
  jwtPrivateKeyPem: string | undefined;
  jwtGenerateKey: boolean;
  argon2: { memoryKiB: number; timeCost: number; parallelism: number };
  lockout: { maxFailures: number; lockSeconds: number };
  refreshTokenTtlDays: number;
  passwordResetTtlMinutes: number;
  /** Base of the link sent with a password reset, e.g. https://app.softfactory.com/reset-password */
  passwordResetUrl: string;
  oauth: Record<OAuthProvider, OAuthProviderConfig>;
  demo: { email: string; password: string; name: string };
  /** AES-256 key for TOTP secrets at rest (TOTP_ENCRYPTION_KEY, 32 bytes in base64). */
  totpEncryptionKey: Buffer;
}

const PROVIDER_DEFAULTS: Record<OAuthProvider, Pick<OAuthProviderConfig, 'authorizeUrl' | 'tokenUrl' | 'userInfoUrl' | 'scope'>> = {
  google: {
    authorizeUrl: 'https://accounts.google.com/o/oauth2/v2/auth',
    tokenUrl: 'https://oauth2.googleapis.com/token',
    userInfoUrl: 'https://openidconnect.googleapis.com/v1/userinfo',
    scope: 'openid email profile',
  },
  facebook: {
    authorizeUrl: 'https://www.facebook.com/v19.0/dialog/oauth',
    tokenUrl: 'https://graph.facebook.com/v19.0/oauth/access_token',
    userInfoUrl: 'https://graph.facebook.com/me?fields=id,name,email',
    scope: 'email public_profile',
  },
  kakao: {
    authorizeUrl: 'https://kauth.kakao.com/oauth/authorize',
    tokenUrl: 'https://kauth.kakao.com/oauth/token',
    userInfoUrl: 'https://kapi.kakao.com/v2/user/me',
    scope: 'profile_nickname account_email',
  },
};

function readProvider(reader: EnvReader, provider: OAuthProvider, publicBaseUrl: string): OAuthProviderConfig {
  const p = `OAUTH_${provider.toUpperCase()}`;
  const defaults = PROVIDER_DEFAULTS[provider];
  return {
    clientId: reader.optionalString(`${p}_CLIENT_ID`),
    clientSecret: reader.optionalString(`${p}_CLIENT_SECRET`),
    authorizeUrl: reader.url(`${p}_AUTHORIZE_URL`, defaults.authorizeUrl),
    tokenUrl: reader.url(`${p}_TOKEN_URL`, defaults.tokenUrl),
    userInfoUrl: reader.url(`${p}_USERINFO_URL`, defaults.userInfoUrl),
    scope: reader.string(`${p}_SCOPE`, defaults.scope),
    redirectUris: reader.list(`${p}_REDIRECT_URIS`, [`${publicBaseUrl}/api/auth/oauth/${provider}/callback`]),
  };
}

export function loadAuthConfig(env: Env): AuthConfig {
  const reader = new EnvReader(env);
  const common = readCommonConfig(reader, 'auth');
  const keyFile = reader.optionalString('JWT_PRIVATE_KEY_FILE');
  let jwtPrivateKeyPem = reader.optionalString('JWT_PRIVATE_KEY');
  if (!jwtPrivateKeyPem && keyFile) {
    try {
      jwtPrivateKeyPem = readFileSync(keyFile, 'utf8');
    } catch {
      throw new ConfigError('JWT_PRIVATE_KEY_FILE', `names a file that cannot be read: ${keyFile}`);
    }
  }
  const jwtGenerateKey = reader.bool('JWT_GENERATE_KEY', false);
  if (!jwtPrivateKeyPem && !jwtGenerateKey) {
    throw new ConfigError('JWT_PRIVATE_KEY_FILE', 'is required (or JWT_PRIVATE_KEY, or JWT_GENERATE_KEY=true for a single local instance)');
  }
  const totpEncryptionKey = readTotpEncryptionKey(reader, common.demoMode);
  const publicBaseUrl = reader.url('PUBLIC_BASE_URL', 'http://localhost:8000').replace(/\/$/, '');
  return {
    common,
    database: readServiceDatabaseConfig(reader, 'auth'),
    events: readEventsConfig(reader, common.natsSubjectPrefix),
    healthPort: reader.int('HEALTH_PORT', 8101, { max: 65535 }),
    requestTimeoutMs: reader.int('REQUEST_TIMEOUT_MS', 5000, { min: 100 }),
    jwtPrivateKeyPem,
    jwtGenerateKey,
    argon2: {
      memoryKiB: reader.int('ARGON2_MEMORY_KIB', 19456, { min: 1024 }),
      timeCost: reader.int('ARGON2_TIME_COST', 2, { min: 1, max: 10 }),
      parallelism: reader.int('ARGON2_PARALLELISM', 1, { min: 1, max: 16 }),
    },
    lockout: {
      maxFailures: reader.int('LOGIN_MAX_FAILURES', 5, { min: 1 }),
      lockSeconds: reader.int('LOGIN_LOCK_SECONDS', 900, { min: 1 }),
    },
    refreshTokenTtlDays: reader.int('REFRESH_TOKEN_TTL_DAYS', 30, { min: 1 }),
    passwordResetTtlMinutes: reader.int('PASSWORD_RESET_TTL_MINUTES', 60, { min: 1 }),
    passwordResetUrl: reader.url('PASSWORD_RESET_URL', `${publicBaseUrl}/reset-password`),
    oauth: {
      google: readProvider(reader, 'google', publicBaseUrl),
      facebook: readProvider(reader, 'facebook', publicBaseUrl),
      kakao: readProvider(reader, 'kakao', publicBaseUrl),
    },
    demo: {
      email: reader.string('DEMO_USER_EMAIL', 'demo@softfactory.dev'),
      password: reader.string('DEMO_USER_PASSWORD', 'demo-password-2026'),
      name: reader.string('DEMO_USER_NAME', 'Demo User'),
    },
    totpEncryptionKey,
  };
}

/** Required outside demo mode; demo mode (a laptop, CI) falls back to a fixed, public key. */
function readTotpEncryptionKey(reader: EnvReader, demoMode: boolean): Buffer {
  const value = reader.optionalString('TOTP_ENCRYPTION_KEY');
  if (value === undefined) {
    if (demoMode) return createHash('sha256').update('softfactory demo TOTP key: not a secret').digest();
    throw new ConfigError('TOTP_ENCRYPTION_KEY', 'is required: 32 random bytes in base64 (openssl rand -base64 32)');
  }
  const key = Buffer.from(value, 'base64');
  if (key.length !== 32) throw new ConfigError('TOTP_ENCRYPTION_KEY', 'must be 32 bytes in base64 (openssl rand -base64 32)');
  return key;
}

export const AUTH_CONFIG = Symbol('AUTH_CONFIG');
