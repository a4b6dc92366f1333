import { EnvReader } from '@sf/config';
import { createLogger, startIdleMemoryTrim } from '@sf/observability';
import { startLocalAi } from './local-ai';

async function main(): Promise<void> {
  const reader = new EnvReader(process.env);
  const logger = createLogger('local-ai', reader.string('LOG_LEVEL', 'info'));
  const ai = await startLocalAi({
    port: reader.int('LOCAL_AI_PORT', 8310, { max: 65535 }),
    host: reader.string('LOCAL_AI_HOST', '0.0.0.0'),
    apiKey: reader.optionalString('AI_API_KEY'),
  });
  logger.info({ url: ai.url }, 'local AI provider listening');
  startIdleMemoryTrim(logger);
  const stop = () => void ai.close().then(() => process.exit(0));
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`local-ai failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
