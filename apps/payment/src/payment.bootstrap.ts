import { startService } from '@sf/messaging';
import { createLogger, createMetricsRegistry } from '@sf/observability';
import { PaymentConfig } from './payment.config';
import { PaymentModule } from './payment.module';

/** Starts the payment service: migrations under a lock (by startService), then NATS and the health port. */
export async function bootstrapPayment(config: PaymentConfig) {
  const logger = createLogger('payment', config.common.logLevel);
  return startService({
    name: 'payment',
    module: PaymentModule.register(config, createMetricsRegistry('payment'), logger),
    natsUrl: config.common.natsUrl,
    natsSubjectPrefix: config.common.natsSubjectPrefix,
    healthPort: config.healthPort,
    shutdown: { delayMs: config.common.shutdownDelayMs, graceMs: config.common.shutdownGraceMs },
    idleMemoryTrim: config.common.idleMemoryTrim,
    logger,
  });
}
