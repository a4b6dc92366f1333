import { DataSource } from 'typeorm';
import { runMigrationsWithLock } from '@sf/database';
import { startService } from '@sf/messaging';
import { createLogger, createMetricsRegistry } from '@sf/observability';
import { StorageConfig } from './storage.config';
import { StorageModule } from './storage.module';

/** Starts the storage service: migrations under a lock, then NATS and the health port. */
export async function bootstrapStorage(config: StorageConfig) {
  const logger = createLogger('storage', config.common.logLevel);
  return startService({
    name: 'storage',
    module: StorageModule.register(config, createMetricsRegistry('storage'), logger),
    natsUrl: config.common.natsUrl,
    natsSubjectPrefix: config.common.natsSubjectPrefix,
    healthPort: config.healthPort,
    logger,
    beforeListen: async (app) => {
      const applied = await runMigrationsWithLock(app.get(DataSource), 'storage');
      if (applied.length) logger.info({ migrations: applied }, 'migrations applied');
    },
  });
}
