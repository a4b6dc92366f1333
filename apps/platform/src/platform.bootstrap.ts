import { startService } from '@sf/messaging';
import { createLogger, createMetricsRegistry } from '@sf/observability';
import { I18nService } from './i18n/i18n.service';
import { PlatformConfig } from './platform.config';
import { PlatformModule } from './platform.module';

/** Starts the platform service: migrations under a lock, the shipped strings, then NATS and the health port. */
export async function bootstrapPlatform(config: PlatformConfig) {
  const logger = createLogger('platform', config.common.logLevel);
  return startService({
    name: 'platform',
    module: PlatformModule.register(config, createMetricsRegistry('platform'), logger),
    natsUrl: config.common.natsUrl,
    natsSubjectPrefix: config.common.natsSubjectPrefix,
    healthPort: config.healthPort,
    shutdown: { delayMs: config.common.shutdownDelayMs, graceMs: config.common.shutdownGraceMs },
    idleMemoryTrim: config.common.idleMemoryTrim,
    logger,
    beforeListen: async (app) => {
      await app.get(I18nService).seed();
    },
  });
}
