// `npm start`: the whole fleet on this machine, one process per app, on the local Postgres,
// NATS and Redis (or those DATABASE_URL, NATS_URL and REDIS_URL name). Ctrl-C stops it all.
import { resolve } from 'node:path';
import { DEFAULT_DATABASE_URL, DEFAULT_NATS_URL, DEFAULT_REDIS_URL } from '@sf/config';
import { fleetApps } from './fleet';
import { missingDependencies } from './infrastructure';
import { ensureSigningKey } from './keys';
import { migrateAll } from './migrate';
import { Supervisor } from './supervisor';

const say = (line: string) => process.stdout.write(`[start] ${line}\n`);

async function waitForReady(url: string, timeoutMs: number, alive: () => boolean): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && alive()) {
    try {
      if ((await fetch(url, { signal: AbortSignal.timeout(1000) })).status === 200) return true;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return false;
}

async function main(): Promise<void> {
  const startedAt = Date.now();
  const env = process.env;
  const databaseUrl = env.DATABASE_URL || DEFAULT_DATABASE_URL;
  const natsUrl = env.NATS_URL || DEFAULT_NATS_URL;
  const redisUrl = env.REDIS_URL || DEFAULT_REDIS_URL;
  const demoMode = env.DEMO_MODE || 'true';

  const missing = await missingDependencies({ database: databaseUrl, nats: natsUrl, redis: redisUrl });
  if (missing.length) {
    for (const line of missing) process.stderr.write(`${line}\n`);
    process.exit(1);
  }

  const key = ensureSigningKey(env.JWT_PRIVATE_KEY_FILE ? resolve(env.JWT_PRIVATE_KEY_FILE) : undefined);
  if (key.created) say(`created the token signing key ${key.file}`);
  await migrateAll(databaseUrl, (line) => say(`database ${line}`));

  const shared = {
    // No load balancer to wait for on a laptop: stop at once on Ctrl-C.
    SHUTDOWN_DELAY_MS: '0',
    ...env,
    DATABASE_URL: databaseUrl,
    NATS_URL: natsUrl,
    REDIS_URL: redisUrl,
    DEMO_MODE: demoMode,
  } as Record<string, string>;
  const { apps, gatewayPort, smtpHttpPort } = fleetApps(env, { jwtPrivateKeyFile: key.file });

  // A crashed app is restarted with back-off; only Ctrl-C (or SIGTERM) stops the fleet.
  const supervisor = new Supervisor();
  const stopAll = async (code: number) => {
    if (supervisor.isStopping) return;
    say('stopping the fleet');
    await supervisor.stop();
    process.exit(code);
  };
  process.on('SIGINT', () => void stopAll(0));
  process.on('SIGTERM', () => void stopAll(0));
  for (const app of apps) supervisor.start({ name: app.name, entry: app.entry, env: { ...shared, ...app.env } });

  const url = `http://localhost:${gatewayPort}`;
  const ready = await waitForReady(`${url}/health/ready`, 60_000, () => !supervisor.isStopping);
  if (!ready) {
    process.stderr.write('[start] the gateway did not become ready within 60 s\n');
    return stopAll(1);
  }
  say(`SoftFactory is ready at ${url} after ${((Date.now() - startedAt) / 1000).toFixed(1)} s (API docs: ${url}/api/docs)`);
  if (demoMode === 'true') {
    say(
      `demo login: ${env.DEMO_USER_EMAIL || 'demo@softfactory.dev'} / ${env.DEMO_USER_PASSWORD || 'demo-password-2026'}, or the header "Authorization: Bearer demo_token"`,
    );
  }
  say(`mail sent by the fleet: http://127.0.0.1:${smtpHttpPort}/messages`);
  say('press Ctrl-C to stop');
}

main().catch((error: unknown) => {
  process.stderr.write(`[start] ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
