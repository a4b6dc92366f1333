import { startService } from '@sf/messaging';
import { createLogger, createMetricsRegistry } from '@sf/observability';
import { CoocookConfig } from './coocook.config';
import { CoocookModule } from './coocook.module';
import { DemoDataService } from './demo/demo.service';

/** Starts the coocook service: migrations under a lock, demo data, then NATS and the health port. */
export async function bootstrapCoocook(config: CoocookConfig) {
  const logger = createLogger('coocook', config.common.logLevel);
  return startService({
    name: 'coocook',
    module: CoocookModule.register(config, createMetricsRegistry('coocook'), logger),
    natsUrl: config.common.natsUrl,
    natsSubjectPrefix: config.common.natsSubjectPrefix,
    healthPort: config.healthPort,
    shutdown: { delayMs: config.common.shutdownDelayMs, graceMs: config.common.shutdownGraceMs },
    idleMemoryTrim: config.common.idleMemoryTrim,
    logger,
    beforeListen: async (app) => {
      await app.get(DemoDataService).seed();
    },
  });
}
