import { startService } from '@sf/messaging';
import { createLogger, createMetricsRegistry } from '@sf/observability';
import { ObjectStore } from './s3/object-store';
import { StorageConfig } from './storage.config';
import { StorageModule } from './storage.module';

/** S3 may come up after this service (npm start launches them together): retry for a while. */
const BUCKET_WAIT_MS = 30_000;

async function ensureBucket(store: ObjectStore, config: StorageConfig): Promise<'exists' | 'created'> {
  const deadline = Date.now() + BUCKET_WAIT_MS;
  for (let delay = 200; ; delay = Math.min(delay * 2, 2000)) {
    try {
      return await store.ensureBucket();
    } catch (error) {
      if (Date.now() + delay > deadline) {
        const where = config.s3.endpoint ?? `AWS S3 (${config.s3.region})`;
        const cause = (error as { cause?: unknown }).cause ?? error;
        const reason = cause instanceof Error ? cause.message : String(cause);
        throw new Error(`S3 bucket ${config.s3.bucket} at ${where} is not reachable: ${reason}`, { cause: error });
      }
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}

/** Starts the storage service: migrations under a lock, the bucket, then NATS and the health port. */
export async function bootstrapStorage(config: StorageConfig) {
  const logger = createLogger('storage', config.common.logLevel);
  return startService({
    name: 'storage',
    module: StorageModule.register(config, createMetricsRegistry('storage'), logger),
    natsUrl: config.common.natsUrl,
    natsSubjectPrefix: config.common.natsSubjectPrefix,
    healthPort: config.healthPort,
    shutdown: { delayMs: config.common.shutdownDelayMs, graceMs: config.common.shutdownGraceMs },
    idleMemoryTrim: config.common.idleMemoryTrim,
    logger,
    beforeListen: async (app) => {
      if ((await ensureBucket(app.get(ObjectStore), config)) === 'created') logger.info({ bucket: config.s3.bucket }, 'bucket created');
    },
  });
}
