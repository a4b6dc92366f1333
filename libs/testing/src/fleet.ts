import { connect, NatsConnection } from '@nats-io/transport-node';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { DEFAULT_DATABASE_URL, DEFAULT_NATS_URL, DEFAULT_REDIS_URL } from '@sf/config';
import { dropDatabase, provisionDatabase } from '@sf/database';
import { deleteEventStreams } from '@sf/events/streams';

/** Something the fleet started and can stop: a Nest application. */
export interface Closable {
  close(): Promise<void>;
  /** Where its HTTP port (a service's health and metrics port) listens. */
  getUrl?(): Promise<string>;
  /** Where the gateway serves /metrics (its health port, not the public one). */
  getMetricsUrl?(): Promise<string>;
}

/** How to start one app of the fleet from an environment. */
export interface AppStarter {
  name: string;
  start(env: Record<string, string>): Promise<Closable>;
}

export interface FleetOptions {
  services: AppStarter[];
  gateway: { start(env: Record<string, string>): Promise<Closable & { getUrl(): Promise<string> }> };
  /** Extra variables for every app (e.g. low rate limits for the test that needs them). */
  env?: Record<string, string>;
}

const TEST_ENV = {
  DEMO_MODE: 'true',
  LOG_LEVEL: 'warn',
  HEALTH_PORT: '0',
  PORT: '0',
  HOST: '127.0.0.1',
  // Fleets with DEMO_MODE=false need one (32 bytes, base64); not a secret.
  TOTP_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64'),
  // The apps of a fleet share the Jest worker: a last-resort collection of its large heap, started
  // while a test polls, would pause every app at once.
  IDLE_MEMORY_TRIM: 'false',
  // Retries and due jobs come quickly here, where a test waits for them.
  JOBS_POLL_INTERVAL_MS: '500',
  // Two full fleets run side by side in CI: small pools keep them under Postgres's connection limit.
  DB_POOL_SIZE: '5',
  JOBS_POOL_SIZE: '2',
  // Lighter argon2 so suites stay quick; still argon2id.
  ARGON2_MEMORY_KIB: '4096',
  ARGON2_TIME_COST: '1',
  // High enough that one address running every suite is never refused by accident.
  RATE_LIMIT_ANON_PER_MIN: '100000',
  RATE_LIMIT_ANON_PER_HOUR: '1000000',
  RATE_LIMIT_USER_PER_MIN: '100000',
  RATE_LIMIT_USER_PER_HOUR: '1000000',
  RATE_LIMIT_PREMIUM_PER_MIN: '100000',
  RATE_LIMIT_PREMIUM_PER_HOUR: '1000000',
  RATE_LIMIT_AUTH_PER_MIN: '100000',
  RATE_LIMIT_AUTH_PER_HOUR: '1000000',
  CONCURRENCY_LIMIT_FREE: '10000',
  CONCURRENCY_LIMIT_PREMIUM: '10000',
  CONCURRENCY_LIMIT_ENTERPRISE: '10000',
  REQUEST_TIMEOUT_MS: '3000',
  // Each fleet has its own streams; JetStream reserves max_bytes for each.
  EVENTS_MAX_BYTES: String(8 * 1024 * 1024),
};

/**
 * The fleet for one e2e file: a throw-away database provisioned like production, the services
 * and the gateway started in this process on real Postgres, NATS and Redis, driven over HTTP.
 */
export class TestFleet {
  private readonly running = new Map<string, Closable>();
  private gatewayApp: Closable | null = null;

  private constructor(
    private readonly options: FleetOptions,
    readonly env: Record<string, string>,
    readonly adminDatabaseUrl: string,
    readonly nats: NatsConnection,
    public baseUrl: string,
  ) {}

  private get streams() {
    return { subjectPrefix: this.env.NATS_SUBJECT_PREFIX };
  }

  /** Subject as this fleet's apps see it on the shared NATS server (for tests that listen to events). */
  subject(subject: string): string {
    return this.env.NATS_SUBJECT_PREFIX + subject;
  }

  static async start(options: FleetOptions): Promise<TestFleet> {
    const admin = new URL(process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL);
    admin.pathname = `/sf_test_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
    await provisionDatabase(
      admin.toString(),
      options.services.map((s) => ({ name: s.name, password: s.name })),
    );
    const privateKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
    const env: Record<string, string> = {
      ...TEST_ENV,
      DATABASE_URL: admin.toString(),
      NATS_URL: process.env.NATS_URL ?? DEFAULT_NATS_URL,
      REDIS_URL: process.env.REDIS_URL ?? DEFAULT_REDIS_URL,
      RATE_LIMIT_PREFIX: `rl-test-${randomBytes(4).toString('hex')}`,
      NATS_SUBJECT_PREFIX: `t${randomBytes(4).toString('hex')}.`,
      JWT_PRIVATE_KEY: privateKey,
      ...options.env,
    };
    const nats = await connect({ servers: env.NATS_URL, name: 'test-fleet' });
    const fleet = new TestFleet(options, env, admin.toString(), nats, '');
    try {
      for (const service of options.services) await fleet.startService(service.name);
      const gateway = await options.gateway.start(env);
      fleet.gatewayApp = gateway;
      fleet.baseUrl = (await gateway.getUrl()).replace('[::1]', '127.0.0.1');
      await fleet.waitUntilReady();
      return fleet;
    } catch (error) {
      // A fleet that failed to start leaves no database, streams or processes behind.
      await fleet.close().catch(() => undefined);
      throw error;
    }
  }

  async startService(name: string): Promise<void> {
    const starter = this.options.services.find((s) => s.name === name);
    if (!starter) throw new Error(`unknown service ${name}`);
    this.running.set(name, await starter.start(this.env));
  }

  /** The running apps, by name (`gateway` included), for tests that look inside one. */
  app(name: string): Closable | undefined {
    return name === 'gateway' ? (this.gatewayApp ?? undefined) : this.running.get(name);
  }

  /** A running service's health/metrics base URL. */
  async serviceUrl(name: string): Promise<string> {
    const app = this.running.get(name);
    if (!app?.getUrl) throw new Error(`${name} is not running`);
    return (await app.getUrl()).replace('[::1]', '127.0.0.1');
  }

  async stopService(name: string): Promise<void> {
    await this.running.get(name)?.close();
    this.running.delete(name);
  }

  /** The gateway's health port, where its /metrics is. */
  async gatewayMetricsUrl(): Promise<string> {
    if (!this.gatewayApp?.getMetricsUrl) throw new Error('the gateway does not say where its metrics are');
    return this.gatewayApp.getMetricsUrl();
  }

  /** Polls /health/ready until it answers 200 (deadline-bound). */
  async waitUntilReady(timeoutMs = 15_000): Promise<void> {
    await eventually(async () => {
      const response = await fetch(`${this.baseUrl}/health/ready`);
      if (response.status !== 200) throw new Error(`not ready: ${await response.text()}`);
    }, timeoutMs);
  }

  /**
   * Stops everything. Each step is bounded: an app whose shutdown hangs is named on stderr and
   * left behind (Jest ends the worker), so one slow teardown does not fail the suite's hook.
   */
  async close(): Promise<void> {
    await boundedStep('gateway close', async () => this.gatewayApp?.close());
    for (const name of [...this.running.keys()]) await boundedStep(`${name} close`, () => this.stopService(name));
    await boundedStep('event streams', () => deleteEventStreams(this.nats, this.streams));
    await boundedStep('NATS drain', () => this.nats.drain());
    await dropDatabase(this.adminDatabaseUrl);
  }
}

const TEARDOWN_STEP_MS = 15_000;

async function boundedStep(name: string, step: () => Promise<unknown>): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const overran = new Promise<'overran'>((resolve) => {
    timer = setTimeout(() => resolve('overran'), TEARDOWN_STEP_MS);
  });
  try {
    const outcome = await Promise.race([step().then(() => 'done' as const), overran]);
    if (outcome === 'overran') process.stderr.write(`test fleet: ${name} did not finish in ${TEARDOWN_STEP_MS} ms; left behind\n`);
  } catch (error) {
    process.stderr.write(`test fleet: ${name} failed: ${error instanceof Error ? error.message : String(error)}\n`);
  } finally {
    clearTimeout(timer);
  }
}

/** Retries `check` until it passes or the deadline passes; never a fixed sleep. */
export async function eventually<T>(check: () => Promise<T>, timeoutMs = 5000, intervalMs = 50): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      return await check();
    } catch (error) {
      lastError = error;
      await new Promise((resolve) => setTimeout(resolve, intervalMs));
    }
  }
  throw lastError instanceof Error ? lastError : new Error(String(lastError));
}
