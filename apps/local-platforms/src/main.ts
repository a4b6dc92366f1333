import { startLocalPlatforms } from './local-platforms';

async function main(): Promise<void> {
  const port = Number(process.env.LOCAL_PLATFORMS_PORT ?? 8300);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error('LOCAL_PLATFORMS_PORT must be a port number');
  const platforms = await startLocalPlatforms({ port, host: process.env.LOCAL_PLATFORMS_HOST ?? '127.0.0.1' });
  process.stdout.write(`${JSON.stringify({ msg: 'local platforms listening', url: platforms.url })}\n`);
  const stop = () => void platforms.close().then(() => process.exit(0));
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`local-platforms failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
