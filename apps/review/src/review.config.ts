import { CronExpressionParser } from 'cron-parser';
import { CommonConfig, ConfigError, Env, EnvReader, readCommonConfig } from '@sf/config';
import { readServiceDatabaseConfig, ServiceDatabaseConfig } from '@sf/database';
import { EventsConfig, readEventsConfig } from '@sf/events';

export interface ReviewSourcesConfig {
  /** Base URL of each listing platform's pages (the local stand-in in tests and `npm start`). */
  revuUrl: string;
  reviewplaceUrl: string;
  /** Base URL of Naver blogs: accounts are verified there and review URLs must point there. */
  naverBlogUrl: string;
  /** Base URL of Instagram's Graph API: account profiles are looked up there. */
  instagramUrl: string;
  /** Base URL of YouTube's Data API: accounts' channels are looked up there. */
  youtubeUrl: string;
  /** Fewest milliseconds between two requests to one host. */
  minRequestIntervalMs: number;
  requestTimeoutMs: number;
  userAgent: string;
}

export interface ReviewConfig {
  common: CommonConfig;
  database: ServiceDatabaseConfig;
  events: EventsConfig;
  sources: ReviewSourcesConfig;
  /** Secret that account tokens are encrypted with (AES-256-GCM, key = SHA-256 of it). */
  tokenKey: string;
  /** When each platform is scraped (cron, UTC). */
  scrapeCron: string;
  /** Immediate scrapes a user may ask for per hour. */
  scrapeRequestsPerHour: number;
  healthPort: number;
  requestTimeoutMs: number;
}

export function loadReviewConfig(env: Env): ReviewConfig {
  const reader = new EnvReader(env);
  const common = readCommonConfig(reader, 'review');
  const platforms = reader.url('REVIEW_PLATFORMS_URL', 'http://127.0.0.1:8300').replace(/\/+$/, '');
  const tokenKey = reader.string('REVIEW_TOKEN_KEY');
  if (tokenKey.length < 32) throw new ConfigError('REVIEW_TOKEN_KEY', 'must be at least 32 characters');
  return {
    common,
    database: readServiceDatabaseConfig(reader, 'review'),
    events: readEventsConfig(reader, common.natsSubjectPrefix),
    sources: {
      revuUrl: reader.url('REVIEW_REVU_URL', `${platforms}/revu`).replace(/\/+$/, ''),
      reviewplaceUrl: reader.url('REVIEW_REVIEWPLACE_URL', `${platforms}/reviewplace`).replace(/\/+$/, ''),
      naverBlogUrl: reader.url('REVIEW_NAVER_BLOG_URL', `${platforms}/naver-blog`).replace(/\/+$/, ''),
      instagramUrl: reader.url('REVIEW_INSTAGRAM_URL', `${platforms}/instagram`).replace(/\/+$/, ''),
      youtubeUrl: reader.url('REVIEW_YOUTUBE_URL', `${platforms}/youtube`).replace(/\/+$/, ''),
      minRequestIntervalMs: reader.int('REVIEW_SOURCE_MIN_INTERVAL_MS', 250, { max: 60_000 }),
      requestTimeoutMs: reader.int('REVIEW_SOURCE_TIMEOUT_MS', 10_000, { min: 100, max: 120_000 }),
      userAgent: reader.string('REVIEW_SOURCE_USER_AGENT', 'SoftFactoryReviewBot/1.0 (+https://softfactory.example/bot)'),
    },
    tokenKey,
    scrapeCron: readCron(reader.string('REVIEW_SCRAPE_CRON', '*/30 * * * *')),
    scrapeRequestsPerHour: reader.int('REVIEW_SCRAPE_REQUESTS_PER_HOUR', 10, { min: 1, max: 10_000 }),
    healthPort: reader.int('HEALTH_PORT', 8109, { max: 65535 }),
    requestTimeoutMs: reader.int('REQUEST_TIMEOUT_MS', 5000, { min: 100 }),
  };
}

export const REVIEW_CONFIG = Symbol('REVIEW_CONFIG');

function readCron(value: string): string {
  try {
    CronExpressionParser.parse(value, { tz: 'UTC' });
  } catch {
    throw new ConfigError('REVIEW_SCRAPE_CRON', 'must be a cron expression such as "*/30 * * * *"');
  }
  return value;
}
