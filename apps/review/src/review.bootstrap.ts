import { startService } from '@sf/messaging';
import { createLogger, createMetricsRegistry } from '@sf/observability';
import { ReviewConfig } from './review.config';
import { ReviewModule } from './review.module';

/** Starts the review service: migrations under a lock, then NATS and the health port. */
export async function bootstrapReview(config: ReviewConfig) {
  const logger = createLogger('review', config.common.logLevel);
  return startService({
    name: 'review',
    module: ReviewModule.register(config, createMetricsRegistry('review'), logger),
    natsUrl: config.common.natsUrl,
    natsSubjectPrefix: config.common.natsSubjectPrefix,
    healthPort: config.healthPort,
    shutdown: { delayMs: config.common.shutdownDelayMs, graceMs: config.common.shutdownGraceMs },
    idleMemoryTrim: config.common.idleMemoryTrim,
    logger,
  });
}
