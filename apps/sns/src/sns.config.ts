import { CommonConfig, ConfigError, Env, EnvReader, readCommonConfig } from '@sf/config';
import { SNS_PLATFORMS, SnsPlatform } from '@sf/contracts';
import { readServiceDatabaseConfig, ServiceDatabaseConfig } from '@sf/database';
import { EventsConfig, readEventsConfig } from '@sf/events';
import { AiConfig, readAiConfig } from '@sf/ai';

/** Where one platform's API lives and the app's credentials there (none: the platform answers 503). */
export interface PlatformConfig {
  /** API base (Graph API host, api.x.com, ...). */
  apiUrl: string;
  /** Where the user is sent to consent (the platform's OAuth page, or its base). */
  authUrl: string;
  /** Where codes and refresh tokens are traded (Google's token host; the API base elsewhere). */
  tokenUrl: string;
  clientId: string | undefined;
  clientSecret: string | undefined;
  /** The API version a versioned API is called with (LinkedIn's `LinkedIn-Version`, YYYYMM). */
  apiVersion?: string;
}

export interface SnsConfig {
  common: CommonConfig;
  database: ServiceDatabaseConfig;
  events: EventsConfig;
  healthPort: number;
  requestTimeoutMs: number;
  /** Base of the public API, where platforms send the user back (`/api/sns/account/callback/...`). */
  publicBaseUrl: string;
  /** AES-256-GCM key for the platform tokens at rest (32 bytes, base64). */
  tokenKey: Buffer;
  /** How long a call to a platform may take before it counts as down. */
  platformTimeoutMs: number;
  platforms: Record<SnsPlatform, PlatformConfig>;
  /** How often the poller reads a published post's metrics and an account's followers. */
  metricsIntervalSeconds: number;
  /** For how long after publishing a post's metrics are read. */
  metricsWindowDays: number;
  /** How often each platform's trends are snapshotted (hourly by default). */
  trendsIntervalSeconds: number;
  ai: AiConfig;
  /** AI calls a user may make per UTC day, by SNS Auto plan. */
  aiDailyQuota: { free: number; pro: number; enterprise: number };
}

/** The platforms' real addresses; `SNS_PLATFORMS_URL` (a local stand-in) replaces them all. */
const DEFAULTS: Record<SnsPlatform, { api: string; auth: string; token?: string; standIn: string }> = {
  instagram: { api: 'https://graph.instagram.com', auth: 'https://api.instagram.com', standIn: 'instagram' },
  twitter: { api: 'https://api.x.com', auth: 'https://x.com', standIn: 'x' },
  tiktok: { api: 'https://open.tiktokapis.com', auth: 'https://www.tiktok.com', standIn: 'tiktok' },
  youtube: {
    api: 'https://www.googleapis.com',
    auth: 'https://accounts.google.com',
    token: 'https://oauth2.googleapis.com',
    standIn: 'youtube',
  },
  linkedin: { api: 'https://api.linkedin.com', auth: 'https://www.linkedin.com', token: 'https://www.linkedin.com', standIn: 'linkedin' },
};

/** Development key: only for local runs; deployments set SNS_TOKEN_KEY. */
const DEV_TOKEN_KEY = Buffer.alloc(32, 7).toString('base64');

export function loadSnsConfig(env: Env): SnsConfig {
  const reader = new EnvReader(env);
  const common = readCommonConfig(reader, 'sns');
  const standIn = reader.optionalString('SNS_PLATFORMS_URL')?.replace(/\/+$/, '');
  const platforms = Object.fromEntries(
    SNS_PLATFORMS.map((platform) => {
      const prefix = `SNS_${platform === 'twitter' ? 'X' : platform.toUpperCase()}`;
      const d = DEFAULTS[platform];
      const base = standIn ? `${standIn}/${d.standIn}` : undefined;
      return [
        platform,
        {
          apiUrl: reader.url(`${prefix}_API_URL`, base ?? d.api).replace(/\/+$/, ''),
          authUrl: reader.url(`${prefix}_AUTH_URL`, base ?? d.auth).replace(/\/+$/, ''),
          tokenUrl: reader.url(`${prefix}_TOKEN_URL`, base ?? d.token ?? d.api).replace(/\/+$/, ''),
          clientId: reader.optionalString(`${prefix}_CLIENT_ID`),
          clientSecret: reader.optionalString(`${prefix}_CLIENT_SECRET`),
        },
      ];
    }),
  ) as Record<SnsPlatform, PlatformConfig>;
  const linkedinVersion = reader.string('SNS_LINKEDIN_VERSION', '202511');
  if (!/^\d{6}$/.test(linkedinVersion)) throw new ConfigError('SNS_LINKEDIN_VERSION', 'must be a version such as 202511 (YYYYMM)');
  platforms.linkedin.apiVersion = linkedinVersion;
  const tokenKey = Buffer.from(reader.string('SNS_TOKEN_KEY', DEV_TOKEN_KEY), 'base64');
  if (tokenKey.length !== 32) throw new ConfigError('SNS_TOKEN_KEY', 'must be 32 bytes, base64-encoded');
  return {
    common,
    database: readServiceDatabaseConfig(reader, 'sns'),
    events: readEventsConfig(reader, common.natsSubjectPrefix),
    healthPort: reader.int('HEALTH_PORT', 8108, { max: 65535 }),
    requestTimeoutMs: reader.int('REQUEST_TIMEOUT_MS', 5000, { min: 100 }),
    publicBaseUrl: reader.url('PUBLIC_BASE_URL', 'http://localhost:8000').replace(/\/+$/, ''),
    tokenKey,
    platformTimeoutMs: reader.int('SNS_PLATFORM_TIMEOUT_MS', 2000, { min: 100 }),
    platforms,
    metricsIntervalSeconds: reader.int('SNS_METRICS_INTERVAL_SECONDS', 900, { min: 1, max: 86_400 }),
    metricsWindowDays: reader.int('SNS_METRICS_WINDOW_DAYS', 30, { min: 1, max: 365 }),
    trendsIntervalSeconds: reader.int('SNS_TRENDS_INTERVAL_SECONDS', 3600, { min: 1, max: 86_400 }),
    ai: readAiConfig(reader),
    aiDailyQuota: {
      free: reader.int('SNS_AI_DAILY_QUOTA_FREE', 20),
      pro: reader.int('SNS_AI_DAILY_QUOTA_PRO', 200),
      enterprise: reader.int('SNS_AI_DAILY_QUOTA_ENTERPRISE', 2000),
    },
  };
}

export const SNS_CONFIG = Symbol('SNS_CONFIG');
