import { createLogger, startIdleMemoryTrim } from '@sf/observability';
import { loadLocalPlatformsConfig } from './local-platforms.config';
import { startLocalPlatforms } from './local-platforms';

async function main(): Promise<void> {
  const config = loadLocalPlatformsConfig(process.env);
  const logger = createLogger('local-platforms', config.logLevel);
  const platforms = await startLocalPlatforms({ port: config.port, host: config.host });
  logger.info({ url: platforms.url }, 'local platforms listening');
  startIdleMemoryTrim(logger);
  const stop = () => void platforms.close().then(() => process.exit(0));
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`local-platforms failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
