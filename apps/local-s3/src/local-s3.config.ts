import { resolve } from 'node:path';
import { Env, EnvReader } from '@sf/config';
import type { LocalS3Options } from './local-s3.server';

/** The local S3 stand-in's settings: where it listens and keeps data, and the one key pair it accepts. */
export function loadLocalS3Config(env: Env): LocalS3Options & { logLevel: string } {
  const reader = new EnvReader(env);
  return {
    port: reader.int('LOCAL_S3_PORT', 9000, { max: 65535 }),
    host: reader.string('LOCAL_S3_HOST', '127.0.0.1'),
    dataDir: resolve(reader.string('LOCAL_S3_DATA_DIR', '.data/s3')),
    credentials: {
      accessKeyId: reader.string('S3_ACCESS_KEY_ID', 'local-access-key'),
      secretAccessKey: reader.string('S3_SECRET_ACCESS_KEY', 'local-secret-key'),
      region: reader.string('S3_REGION', 'us-east-1'),
    },
    logLevel: reader.string('LOG_LEVEL', 'info'),
  };
}
