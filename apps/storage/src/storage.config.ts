import { CommonConfig, ConfigError, Env, EnvReader, readCommonConfig } from '@sf/config';
import type { Tier } from '@sf/contracts';
import { readServiceDatabaseConfig, ServiceDatabaseConfig } from '@sf/database';
import { EventsConfig, readEventsConfig } from '@sf/events';

export interface S3Config {
  /** S3-compatible endpoint (local stand-in, MinIO); undefined means AWS S3 itself. */
  endpoint: string | undefined;
  /** Endpoint that clients reach, for the URLs handed to them (defaults to `endpoint`). */
  publicEndpoint: string | undefined;
  bucket: string;
  region: string;
  /** Undefined: the SDK's default chain (instance role, environment, profile). */
  credentials: { accessKeyId: string; secretAccessKey: string } | undefined;
  forcePathStyle: boolean;
}

export interface StorageConfig {
  common: CommonConfig;
  database: ServiceDatabaseConfig;
  events: EventsConfig;
  healthPort: number;
  requestTimeoutMs: number;
  s3: S3Config;
  /** Bytes each user may keep, by plan tier. */
  quotas: Record<Tier, number>;
  /** Size of each part of a streamed upload (S3 wants 5 MiB at least). */
  partSizeBytes: number;
  /** How long upload URLs stay valid; an upload not finished by then is swept. */
  uploadTtlMinutes: number;
  /** Where a CDN serves the bucket's objects, if one does. */
  cdnBaseUrl: string | undefined;
  sweepIntervalMs: number;
}

const GiB = 1024 * 1024 * 1024;
const MiB = 1024 * 1024;

function readS3Config(reader: EnvReader): S3Config {
  const endpoint = reader.optionalString('S3_ENDPOINT');
  if (endpoint) reader.url('S3_ENDPOINT');
  const publicEndpoint = reader.optionalString('S3_PUBLIC_ENDPOINT');
  if (publicEndpoint) reader.url('S3_PUBLIC_ENDPOINT');
  const accessKeyId = reader.optionalString('S3_ACCESS_KEY_ID');
  const secretAccessKey = reader.optionalString('S3_SECRET_ACCESS_KEY');
  if (!!accessKeyId !== !!secretAccessKey) throw new ConfigError('S3_SECRET_ACCESS_KEY', 'and S3_ACCESS_KEY_ID must be set together');
  const bucket = reader.string('S3_BUCKET');
  if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket)) throw new ConfigError('S3_BUCKET', `is not a valid bucket name: "${bucket}"`);
  return {
    endpoint,
    publicEndpoint,
    bucket,
    region: reader.string('S3_REGION', 'us-east-1'),
    credentials: accessKeyId && secretAccessKey ? { accessKeyId, secretAccessKey } : undefined,
    // Path-style for S3-compatible servers (no wildcard DNS); AWS itself prefers virtual hosts.
    forcePathStyle: reader.bool('S3_FORCE_PATH_STYLE', !!endpoint),
  };
}

export function loadStorageConfig(env: Env): StorageConfig {
  const reader = new EnvReader(env);
  const common = readCommonConfig(reader, 'storage');
  const cdnBaseUrl = reader.optionalString('STORAGE_CDN_BASE_URL');
  if (cdnBaseUrl) reader.url('STORAGE_CDN_BASE_URL');
  return {
    common,
    database: readServiceDatabaseConfig(reader, 'storage'),
    events: readEventsConfig(reader, common.natsSubjectPrefix),
    healthPort: reader.int('HEALTH_PORT', 8103, { max: 65535 }),
    requestTimeoutMs: reader.int('REQUEST_TIMEOUT_MS', 5000, { min: 100 }),
    s3: readS3Config(reader),
    quotas: {
      free: reader.int('STORAGE_QUOTA_FREE_BYTES', 1 * GiB, { min: 0 }),
      premium: reader.int('STORAGE_QUOTA_PREMIUM_BYTES', 20 * GiB, { min: 0 }),
      enterprise: reader.int('STORAGE_QUOTA_ENTERPRISE_BYTES', 200 * GiB, { min: 0 }),
    },
    partSizeBytes: reader.int('STORAGE_PART_SIZE_BYTES', 8 * MiB, { min: 5 * MiB, max: 64 * MiB }),
    uploadTtlMinutes: reader.int('STORAGE_UPLOAD_TTL_MINUTES', 60, { min: 1, max: 7 * 24 * 60 }),
    cdnBaseUrl: cdnBaseUrl?.replace(/\/+$/, ''),
    sweepIntervalMs: reader.int('STORAGE_SWEEP_INTERVAL_MS', 60_000, { min: 100 }),
  };
}

export const STORAGE_CONFIG = Symbol('STORAGE_CONFIG');
