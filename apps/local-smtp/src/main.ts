import { createLogger, startIdleMemoryTrim } from '@sf/observability';
import { loadLocalSmtpConfig } from './local-smtp.config';
import { startLocalSmtp } from './local-smtp';

async function main(): Promise<void> {
  const config = loadLocalSmtpConfig(process.env);
  const logger = createLogger('local-smtp', config.logLevel);
  const smtp = await startLocalSmtp({ ...config, logger });
  logger.info({ smtp: smtp.smtpUrl, mailbox: `${smtp.httpUrl}/messages` }, 'local SMTP listening');
  startIdleMemoryTrim(logger);
  const stop = () => void smtp.close().then(() => process.exit(0));
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`local-smtp failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
