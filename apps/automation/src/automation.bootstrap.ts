import { startService } from '@sf/messaging';
import { createLogger, createMetricsRegistry } from '@sf/observability';
import { AutomationConfig } from './automation.config';
import { AutomationModule } from './automation.module';

/** Starts the automation service: migrations under a lock, then NATS and the health port. */
export async function bootstrapAutomation(config: AutomationConfig) {
  const logger = createLogger('automation', config.common.logLevel);
  return startService({
    name: 'automation',
    module: AutomationModule.register(config, createMetricsRegistry('automation'), logger),
    natsUrl: config.common.natsUrl,
    natsSubjectPrefix: config.common.natsSubjectPrefix,
    healthPort: config.healthPort,
    shutdown: { delayMs: config.common.shutdownDelayMs, graceMs: config.common.shutdownGraceMs },
    idleMemoryTrim: config.common.idleMemoryTrim,
    logger,
  });
}
