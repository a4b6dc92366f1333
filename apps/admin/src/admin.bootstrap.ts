import { startService } from '@sf/messaging';
import { createLogger, createMetricsRegistry } from '@sf/observability';
import { AdminConfig } from './admin.config';
import { AdminModule } from './admin.module';
import { FirstAdmin } from './rbac/first-admin.service';
import { RolesService } from './rbac/roles.service';

/** Starts the admin service: migrations under a lock, the built-in roles, NATS and the health port, then the first admin. */
export async function bootstrapAdmin(config: AdminConfig) {
  const logger = createLogger('admin', config.common.logLevel);
  const app = await startService({
    name: 'admin',
    module: AdminModule.register(config, createMetricsRegistry('admin'), logger),
    natsUrl: config.common.natsUrl,
    natsSubjectPrefix: config.common.natsSubjectPrefix,
    healthPort: config.healthPort,
    shutdown: { delayMs: config.common.shutdownDelayMs, graceMs: config.common.shutdownGraceMs },
    idleMemoryTrim: config.common.idleMemoryTrim,
    logger,
    beforeListen: async (app) => {
      await app.get(RolesService).seedBuiltIns();
    },
  });
  app.get(FirstAdmin).start();
  return app;
}
