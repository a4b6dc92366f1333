import { startService } from '@sf/messaging';
import { createLogger, createMetricsRegistry } from '@sf/observability';
import { SitesConfig } from './sites.config';
import { SitesModule } from './sites.module';

/** Starts the sites service: migrations under a lock, then NATS and the health port. */
export async function bootstrapSites(config: SitesConfig) {
  const logger = createLogger('sites', config.common.logLevel);
  return startService({
    name: 'sites',
    module: SitesModule.register(config, createMetricsRegistry('sites'), logger),
    natsUrl: config.common.natsUrl,
    natsSubjectPrefix: config.common.natsSubjectPrefix,
    healthPort: config.healthPort,
    shutdown: { delayMs: config.common.shutdownDelayMs, graceMs: config.common.shutdownGraceMs },
    idleMemoryTrim: config.common.idleMemoryTrim,
    logger,
  });
}
