import { createLogger, startIdleMemoryTrim } from '@sf/observability';
import { loadLocalStripeConfig } from './local-stripe.config';
import { startLocalStripe } from './local-stripe';

async function main(): Promise<void> {
  const config = loadLocalStripeConfig(process.env);
  const logger = createLogger('local-stripe', config.logLevel);
  const stripe = await startLocalStripe({ ...config, logger });
  logger.info({ url: stripe.url, webhook_url: config.webhookUrl }, 'local Stripe listening');
  startIdleMemoryTrim(logger);
  const stop = () => void stripe.close().then(() => process.exit(0));
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`local-stripe failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
