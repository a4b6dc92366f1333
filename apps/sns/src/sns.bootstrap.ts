import { startService } from '@sf/messaging';
import { createLogger, createMetricsRegistry } from '@sf/observability';
import { SnsConfig } from './sns.config';
import { SnsModule } from './sns.module';

/** Starts the sns service: migrations under a lock, then NATS and the health port. */
export async function bootstrapSns(config: SnsConfig) {
  const logger = createLogger('sns', config.common.logLevel);
  return startService({
    name: 'sns',
    module: SnsModule.register(config, createMetricsRegistry('sns'), logger),
    natsUrl: config.common.natsUrl,
    natsSubjectPrefix: config.common.natsSubjectPrefix,
    healthPort: config.healthPort,
    shutdown: { delayMs: config.common.shutdownDelayMs, graceMs: config.common.shutdownGraceMs },
    idleMemoryTrim: config.common.idleMemoryTrim,
    logger,
  });
}
