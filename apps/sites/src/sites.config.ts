import { CommonConfig, ConfigError, Env, EnvReader, readCommonConfig } from '@sf/config';
import { readServiceDatabaseConfig, ServiceDatabaseConfig } from '@sf/database';
import { EventsConfig, readEventsConfig } from '@sf/events';

export interface SitesS3Config {
  /** S3-compatible endpoint (local stand-in, MinIO); undefined means AWS S3 itself. */
  endpoint: string | undefined;
  bucket: string;
  region: string;
  /** Undefined: the SDK's default chain (instance role, environment, profile). */
  credentials: { accessKeyId: string; secretAccessKey: string } | undefined;
  forcePathStyle: boolean;
}

export interface SitesConfig {
  common: CommonConfig;
  database: ServiceDatabaseConfig;
  events: EventsConfig;
  s3: SitesS3Config;
  /** Where the gateway serves published sites: `<publicUrl>/sites/<slug>/`. */
  publicUrl: string;
  /** Published versions kept per site (the live one included); older ones are deleted. */
  keepVersions: number;
  /** Submissions one form accepts per hour. */
  formSubmissionsPerHour: number;
  /** Largest rendered page, in bytes. */
  maxPageBytes: number;
  healthPort: number;
  requestTimeoutMs: number;
}

function readS3Config(reader: EnvReader): SitesS3Config {
  const endpoint = reader.optionalString('S3_ENDPOINT');
  if (endpoint) reader.url('S3_ENDPOINT');
  const accessKeyId = reader.optionalString('S3_ACCESS_KEY_ID');
  const secretAccessKey = reader.optionalString('S3_SECRET_ACCESS_KEY');
  if (!!accessKeyId !== !!secretAccessKey) throw new ConfigError('S3_SECRET_ACCESS_KEY', 'and S3_ACCESS_KEY_ID must be set together');
  // Published sites may live in a bucket of their own; the files' bucket otherwise (under `sites/`).
  const bucket = reader.optionalString('SITES_S3_BUCKET') ?? reader.string('S3_BUCKET');
  if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket))
    throw new ConfigError('SITES_S3_BUCKET', `is not a valid bucket name: "${bucket}"`);
  return {
    endpoint,
    bucket,
    region: reader.string('S3_REGION', 'us-east-1'),
    credentials: accessKeyId && secretAccessKey ? { accessKeyId, secretAccessKey } : undefined,
    forcePathStyle: reader.bool('S3_FORCE_PATH_STYLE', !!endpoint),
  };
}

export function loadSitesConfig(env: Env): SitesConfig {
  const reader = new EnvReader(env);
  const common = readCommonConfig(reader, 'sites');
  return {
    common,
    database: readServiceDatabaseConfig(reader, 'sites'),
    events: readEventsConfig(reader, common.natsSubjectPrefix),
    s3: readS3Config(reader),
    publicUrl: reader.url('SITES_PUBLIC_URL', 'http://localhost:8000').replace(/\/+$/, ''),
    keepVersions: reader.int('SITES_KEEP_VERSIONS', 5, { min: 2, max: 100 }),
    formSubmissionsPerHour: reader.int('SITES_FORM_SUBMISSIONS_PER_HOUR', 100, { min: 1, max: 1_000_000 }),
    maxPageBytes: reader.int('SITES_MAX_PAGE_BYTES', 512 * 1024, { min: 16 * 1024, max: 8 * 1024 * 1024 }),
    healthPort: reader.int('HEALTH_PORT', 8111, { max: 65535 }),
    requestTimeoutMs: reader.int('REQUEST_TIMEOUT_MS', 5000, { min: 100 }),
  };
}

export const SITES_CONFIG = Symbol('SITES_CONFIG');
