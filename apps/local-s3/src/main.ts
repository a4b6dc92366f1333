import { createLogger, startIdleMemoryTrim } from '@sf/observability';
import { loadLocalS3Config } from './local-s3.config';
import { startLocalS3 } from './local-s3.server';

/** `npm start`'s S3 stand-in: path-style S3 with SigV4 on the local disk. */
async function main(): Promise<void> {
  const config = loadLocalS3Config(process.env);
  const logger = createLogger('local-s3', config.logLevel);
  const server = await startLocalS3({ ...config, onError: (error) => logger.error({ err: String(error) }, 'request failed') });
  logger.info({ url: server.url, data_dir: config.dataDir }, 'local S3 listening');
  startIdleMemoryTrim(logger);
  const stop = () => void server.close().then(() => process.exit(0));
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`local-s3 failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
