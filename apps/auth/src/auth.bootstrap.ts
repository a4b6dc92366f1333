import { startService } from '@sf/messaging';
import { createLogger, createMetricsRegistry } from '@sf/observability';
import { AuthConfig } from './auth.config';
import { AuthModule } from './auth.module';
import { DemoService } from './demo/demo.service';

/** Starts the auth service: migrations under a lock, demo data, then NATS and the health port. */
export async function bootstrapAuth(config: AuthConfig) {
  const logger = createLogger('auth', config.common.logLevel);
  return startService({
    name: 'auth',
    module: AuthModule.register(config, createMetricsRegistry('auth'), logger),
    natsUrl: config.common.natsUrl,
    natsSubjectPrefix: config.common.natsSubjectPrefix,
    healthPort: config.healthPort,
    shutdown: { delayMs: config.common.shutdownDelayMs, graceMs: config.common.shutdownGraceMs },
    idleMemoryTrim: config.common.idleMemoryTrim,
    logger,
    beforeListen: async (app) => {
      await app.get(DemoService).seed();
    },
  });
}
