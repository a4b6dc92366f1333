import { startService } from '@sf/messaging';
import { createLogger, createMetricsRegistry } from '@sf/observability';
import { NotificationsConfig } from './notifications.config';
import { NotificationsModule } from './notifications.module';

/** Starts the notifications service: migrations under a lock, then NATS, its consumers and the health port. */
export async function bootstrapNotifications(config: NotificationsConfig) {
  const logger = createLogger('notifications', config.common.logLevel);
  return startService({
    name: 'notifications',
    module: NotificationsModule.register(config, createMetricsRegistry('notifications'), logger),
    natsUrl: config.common.natsUrl,
    natsSubjectPrefix: config.common.natsSubjectPrefix,
    healthPort: config.healthPort,
    shutdown: { delayMs: config.common.shutdownDelayMs, graceMs: config.common.shutdownGraceMs },
    idleMemoryTrim: config.common.idleMemoryTrim,
    logger,
  });
}
