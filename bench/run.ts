// `npm run bench`: starts what it needs on this machine (a throw-away database, the constant
// floors, auth and the gateway), loads each scenario in alternating rounds with autocannon, and
// prints one table (appended to bench/RESULTS.md with the date and commit).
//
//   1. bare Fastify, constant JSON                      (floor of HTTP in Node)
//   2. Fastify + one raw NATS request/reply             (floor of one hop)
//   3. gateway GET /api/auth/.well-known/jwks.json      (public, unlimited, one NATS hop to auth)
//   4. gateway GET /api/auth/me, valid RS256 token      (JWT, Redis rate limit, NATS, Postgres read)
//   5. gateway POST /api/auth/login                     (argon2 dominates; fewer connections)
//   6-9, 13-15. each service's hottest read; 10-11. the order write beside its floor (see below)
//  12. gateway GET /api/auth/me, concurrency limits off (a second gateway, CONCURRENCY_LIMITS_ENABLED=false;
//      beside 4 it shows what the per-account lease in Redis costs per request; only when selected)
//
// Settings (environment): BENCH_DURATION (s per run, 5), BENCH_ROUNDS (3), BENCH_WARMUP (s, 2),
// BENCH_IDLE_SECONDS (15: wait after ready before reading idle memory), BENCH_SETTLE_SECONDS (15: wait
// after the load before reading memory again), BENCH_CONNECTIONS (50),
// BENCH_LOGIN_CONNECTIONS (10), BENCH_GATEWAY_PORT (18000), BENCH_AUTH_HEALTH_PORT (18101),
// BENCH_FLOOR_PORT (18200), BENCH_NODE_ARGS (V8 flags for every process), BENCH_NO_RECORD=1 (do not append to RESULTS.md), BENCH_SCENARIOS=2,4
// (run only those), BENCH_DIST=<dir> (run auth and the gateway from another compiled tree, e.g. a
// patched copy of dist/), BENCH_CPU_PROF=<dir> (after the rounds, profile every process during
// BENCH_PROF_SECONDS (10) of scenario BENCH_PROF_SCENARIO (4) and print where their time goes;
// BENCH_PROF_APPS=payment,gateway profiles only those).
// Other variables pass through to every process (e.g. MALLOC_MMAP_THRESHOLD_, LOG_LEVEL); the
// runtime image's ENV (Dockerfile: V8 and malloc settings) is given to every process unless set.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, appendFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, availableParallelism, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { DEFAULT_DATABASE_URL, DEFAULT_NATS_URL, DEFAULT_REDIS_URL } from '@sf/config';
import { dropDatabase } from '@sf/database';
import { dropEventStreams } from '@sf/events/streams';
import { FleetApp, fleetApps } from '../scripts/fleet';
import { missingDependencies } from '../scripts/infrastructure';
import { ensureSigningKey } from '../scripts/keys';
import { migrateAll } from '../scripts/migrate';
import { CpuProfile, formatSummary, summarise } from './cpuprofile-top';
import { LoadOptions, loadAutocannon, runLoad } from './load';
import { cpuBetween, cpuSnapshot, Memory, memoryOf } from './proc-stats';
import { App, assertAlive, runtimeImageEnv, spawnApp, stopApp, waitForOk } from './processes';
import { BenchReport, renderReport, ScenarioSummary, servingCores } from './report';

const ROOT = resolve(__dirname, '..', '..');
const RESULTS_FILE = join(ROOT, 'bench', 'RESULTS.md');
/** Each process's idle and after-load RSS of the last recorded run, shown beside this run's. */
const MEMORY_FILE = join(ROOT, '.data', 'bench', 'last-memory.json');

const num = (name: string, fallback: number) => {
  const raw = process.env[name];
  const value = raw ? Number(raw) : fallback;
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number, got "${raw}"`);
  return value;
};

const settings = {
  duration: num('BENCH_DURATION', 5),
  rounds: num('BENCH_ROUNDS', 3),
  warmup: num('BENCH_WARMUP', 2),
  idleSeconds: num('BENCH_IDLE_SECONDS', 15),
  settleSeconds: num('BENCH_SETTLE_SECONDS', 15),
  connections: num('BENCH_CONNECTIONS', 50),
  loginConnections: num('BENCH_LOGIN_CONNECTIONS', 10),
  writeConnections: num('BENCH_WRITE_CONNECTIONS', 10),
  gatewayPort: num('BENCH_GATEWAY_PORT', 18000),
  authHealthPort: num('BENCH_AUTH_HEALTH_PORT', 18101),
  floorPort: num('BENCH_FLOOR_PORT', 18200),
  profileDir: process.env.BENCH_CPU_PROF ? resolve(process.env.BENCH_CPU_PROF) : undefined,
  profileSeconds: num('BENCH_PROF_SECONDS', 10),
  // Profiling only some apps (BENCH_PROF_APPS=payment,gateway) distorts the load less.
  profileApps: process.env.BENCH_PROF_APPS?.split(',').filter(Boolean),
  profileScenario: num('BENCH_PROF_SCENARIO', 4),
  record: !process.env.BENCH_NO_RECORD,
  /** A subset of the scenarios, e.g. "2,4" (for quick comparisons; ratios need 2). */
  only: process.env.BENCH_SCENARIOS ? process.env.BENCH_SCENARIOS.split(',').map(Number) : undefined,
  /** Where the compiled apps are (another build can be compared against the same floors). */
  appsDist: resolve(process.env.BENCH_DIST || join(ROOT, 'dist')),
};

const say = (line: string) => process.stdout.write(`[bench] ${line}\n`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The commit checked out, read from .git without running git. */
function currentCommit(): string {
  try {
    let gitDir = join(ROOT, '.git');
    if (!existsSync(join(gitDir, 'HEAD'))) {
      const pointer = /^gitdir: (.+)$/m.exec(readFileSync(gitDir, 'utf8'));
      if (!pointer) return 'unknown';
      gitDir = resolve(ROOT, pointer[1].trim());
    }
    const head = readFileSync(join(gitDir, 'HEAD'), 'utf8').trim();
    if (!head.startsWith('ref: ')) return head.slice(0, 7);
    const ref = head.slice(5);
    const commonDir = existsSync(join(gitDir, 'commondir'))
      ? resolve(gitDir, readFileSync(join(gitDir, 'commondir'), 'utf8').trim())
      : gitDir;
    for (const dir of [gitDir, commonDir]) {
      if (existsSync(join(dir, ref))) return readFileSync(join(dir, ref), 'utf8').trim().slice(0, 7);
    }
    const packed = existsSync(join(commonDir, 'packed-refs')) ? readFileSync(join(commonDir, 'packed-refs'), 'utf8') : '';
    const line = packed.split('\n').find((l) => l.endsWith(` ${ref}`));
    return line ? line.slice(0, 7) : `unknown (${ref} has no commit)`;
  } catch {
    return 'unknown';
  }
}

interface Scenario {
  id: number;
  label: string;
  load: Omit<LoadOptions, 'duration'>;
  /** Checked once before any load: the scenario answers what it should. */
  check: (status: number, body: string) => boolean;
}

async function request(url: string, init: RequestInit = {}): Promise<{ status: number; body: string }> {
  const response = await fetch(url, { ...init, signal: AbortSignal.timeout(10_000) });
  return { status: response.status, body: await response.text() };
}

async function main(): Promise<void> {
  loadAutocannon(); // fail before starting anything when it is missing
  const commit = currentCommit();
  const date = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  const loadBefore = loadavg();
  const previousMemory = existsSync(MEMORY_FILE)
    ? (JSON.parse(readFileSync(MEMORY_FILE, 'utf8')) as Record<string, { idle: number | null; afterLoad: number | null }>)
    : null;
  // Preloaded everywhere: answers memory questions, and profiles when BENCH_CPU_PROF is set.
  // BENCH_NODE_ARGS: V8 flags to try on every process (NODE_OPTIONS refuses most of them).
  const nodeArgsOf = ['-r', join(__dirname, 'cpu-profile-hook.js'), ...(process.env.BENCH_NODE_ARGS?.split(/\s+/).filter(Boolean) ?? [])];

  const adminBase = new URL(process.env.DATABASE_URL || DEFAULT_DATABASE_URL);
  const natsUrl = process.env.NATS_URL || DEFAULT_NATS_URL;
  const redisUrl = process.env.REDIS_URL || DEFAULT_REDIS_URL;
  const missing = await missingDependencies({ database: adminBase.toString(), nats: natsUrl, redis: redisUrl });
  if (missing.length) throw new Error(missing.join('\n'));

  // A throw-away database, subject prefix and rate-limit namespace: never collides with the
  // tests or a running `npm start`.
  const databaseUrl = new URL(adminBase);
  databaseUrl.pathname = '/softfactory_bench';
  const migrateStarted = performance.now();
  await dropDatabase(databaseUrl.toString());
  await migrateAll(databaseUrl.toString(), (line) => say(`database ${line}`));
  const migrateMs = performance.now() - migrateStarted;
  const key = ensureSigningKey(join(ROOT, '.data', 'bench', 'jwt-private.pem'));

  const logDir = join(tmpdir(), 'softfactory-bench');
  mkdirSync(logDir, { recursive: true });
  if (settings.profileDir) {
    mkdirSync(settings.profileDir, { recursive: true });
    for (const file of readdirSync(settings.profileDir)) if (file.endsWith('.cpuprofile')) rmSync(join(settings.profileDir, file));
  }
  const imageEnv = runtimeImageEnv(join(ROOT, 'Dockerfile'));
  const env: Record<string, string | undefined> = {
    ...process.env,
    ...imageEnv,
    NODE_ENV: 'production',
    DATABASE_URL: databaseUrl.toString(),
    AUTH_DATABASE_URL: undefined,
    NATS_URL: natsUrl,
    REDIS_URL: redisUrl,
    NATS_SUBJECT_PREFIX: 'bench.',
    // The whole fleet: every service's idle and loaded memory, and each one's hottest read.
    GATEWAY_SERVICES: undefined,
    RATE_LIMIT_PREFIX: 'rl-bench',
    DEMO_MODE: 'true',
    LOG_LEVEL: process.env.LOG_LEVEL || 'info',
    HOST: '127.0.0.1',
    PORT: String(settings.gatewayPort),
    HEALTH_PORT: String(settings.authHealthPort),
    JWT_PRIVATE_KEY_FILE: key.file,
    JWT_PRIVATE_KEY: undefined,
    BENCH_CPU_PROF_DIR: settings.profileDir,
  };
  for (const bucket of ['ANON', 'USER', 'PREMIUM', 'AUTH']) {
    env[`RATE_LIMIT_${bucket}_PER_MIN`] = '100000000';
    env[`RATE_LIMIT_${bucket}_PER_HOUR`] = '100000000';
  }

  const apps: App[] = [];
  const stopAll = async () => {
    await Promise.all(apps.map((app) => stopApp(app)));
  };
  process.once('SIGINT', () => void stopAll().then(() => process.exit(130)));

  try {
    const dist = (file: string) => join(ROOT, 'dist', file);
    const floorEnv = { ...env, FLOOR_PORT: String(settings.floorPort) };
    apps.push(spawnApp('floor-responder', dist('bench/floor-responder.js'), floorEnv, logDir, nodeArgsOf, true));
    apps.push(spawnApp('floor-server', dist('bench/floor-server.js'), floorEnv, logDir, nodeArgsOf, true));
    const stackFloor = spawnApp('stack-floor', dist('bench/stack-floor.js'), env, logDir, [...nodeArgsOf, '--expose-gc'], true);
    apps.push(stackFloor);
    const stackFloorLoaded = new Promise<void>((loaded) => stackFloor.child.on('message', (m) => m === 'stack-floor:loaded' && loaded()));
    const floorUrl = `http://127.0.0.1:${settings.floorPort}`;
    if (!(await waitForOk(`${floorUrl}/floor/nats`, 20_000, apps))) throw new Error('the floor server did not answer within 20 s');
    await Promise.race([stackFloorLoaded, sleep(20_000)]);

    // The whole fleet as `npm start` runs it, beside it on ports of its own: the gateway on
    // BENCH_GATEWAY_PORT, the services' health ports from BENCH_AUTH_HEALTH_PORT up and the
    // stand-ins they call from BENCH_FLOOR_PORT + 12.
    const gatewayUrl = `http://127.0.0.1:${settings.gatewayPort}`;
    const standIn = (offset: number) => settings.floorPort + 12 + offset;
    const fleet = fleetApps(
      {
        PORT: String(settings.gatewayPort),
        GATEWAY_HEALTH_PORT: String(settings.gatewayPort + 100),
        STRIPE_API_URL: `http://127.0.0.1:${standIn(0)}`,
        S3_ENDPOINT: `http://127.0.0.1:${standIn(1)}`,
        S3_BUCKET: 'softfactory-bench',
        SMTP_URL: `smtp://127.0.0.1:${standIn(2)}`,
        LOCAL_SMTP_HTTP_PORT: String(standIn(3)),
        LOCAL_PLATFORMS_URL: `http://127.0.0.1:${standIn(4)}`,
        AI_BASE_URL: `http://127.0.0.1:${standIn(5)}/v1`,
        REVIEW_TOKEN_KEY: 'bench-review-token-key-of-at-least-32-characters',
        SITES_PUBLIC_URL: gatewayUrl,
      },
      {
        jwtPrivateKeyFile: key.file,
        dist: settings.appsDist,
        healthPortBase: settings.authHealthPort - 1,
        s3DataDir: join(logDir, 's3'),
        stripeDataFile: '',
        stripeHost: '127.0.0.1',
      },
    );
    const spawnFleetApp = (app: FleetApp) => spawnApp(app.name, app.entry, { ...env, ...app.env }, logDir, nodeArgsOf, true);
    const first = ['auth', 'gateway'];
    // Cold start: from spawning auth and the gateway to the gateway's readiness.
    const spawnedAt = performance.now();
    for (const name of first) apps.push(spawnFleetApp(fleet.apps.find((app) => app.name === name)!));
    // Then the other services and the stand-ins they call.
    for (const app of fleet.apps) if (!first.includes(app.name)) apps.push(spawnFleetApp(app));
    const since = (p: Promise<boolean>) => p.then((ok) => (ok ? performance.now() - spawnedAt : null));
    const [gatewayListeningMs, authListeningMs, readyMs] = await Promise.all([
      since(waitForOk(`${gatewayUrl}/health/live`, 60_000, apps, 20)),
      since(waitForOk(`http://127.0.0.1:${settings.authHealthPort}/health/live`, 60_000, apps, 20)),
      since(waitForOk(`${gatewayUrl}/health/ready`, 60_000, apps, 20)),
    ]);
    if (readyMs === null) throw new Error(`the fleet was not ready within 60 s; logs in ${logDir}`);
    say(`fleet ready ${(readyMs / 1000).toFixed(1)} s after spawning auth and the gateway`);
    // Idle: ready, no API request served yet, and settled (the readiness polling has stopped).
    await sleep(settings.idleSeconds * 1000);
    const idleMemory = await memoryOfAll(apps);

    // A user for /me and /login, registered through the API.
    const email = `bench-${Date.now().toString(36)}@example.com`;
    const password = 'bench-Password-2026!';
    const registered = await request(`${gatewayUrl}/api/auth/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password, name: 'Bench User' }),
    });
    if (registered.status !== 201) throw new Error(`register answered ${registered.status}: ${registered.body}`);
    const accessToken = (JSON.parse(registered.body) as { access_token: string }).access_token;
    // /me is driven as many users, one per connection, so no read is served by another's.
    const tokens = [accessToken];
    for (let i = 1; i < settings.connections; i++) {
      const answer = await request(`${gatewayUrl}/api/auth/register`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: `bench-${i}-${Date.now().toString(36)}@example.com`, password, name: `Bench User ${i}` }),
      });
      if (answer.status !== 201) throw new Error(`register answered ${answer.status}: ${answer.body}`);
      tokens.push((JSON.parse(answer.body) as { access_token: string }).access_token);
    }

    // Scenario 12 runs against a second gateway, the same build with the concurrency limit off.
    const uncappedUrl = `http://127.0.0.1:${settings.gatewayPort + 1}`;
    if (settings.only?.includes(12)) {
      const uncapped = spawnApp(
        'gateway-no-concurrency-limit',
        fleet.apps.find((app) => app.name === 'gateway')!.entry,
        {
          ...env,
          PORT: String(settings.gatewayPort + 1),
          HEALTH_PORT: String(settings.gatewayPort + 101),
          CONCURRENCY_LIMITS_ENABLED: 'false',
        },
        logDir,
        nodeArgsOf,
        true,
      );
      apps.push(uncapped);
      if (!(await waitForOk(`${uncappedUrl}/health/ready`, 60_000, [uncapped], 20)))
        throw new Error(`the second gateway was not ready within 60 s; logs in ${logDir}`);
    }

    const orderRequest = {
      method: 'POST' as const,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ items: [{ product_id: 'coocook:pro:monthly', description: 'CooCook Pro', quantity: 1, price_krw: 9900 }] }),
    };
    const allScenarios: Scenario[] = [
      {
        id: 1,
        label: 'bare Fastify, constant JSON',
        load: { url: `${floorUrl}/floor/http`, connections: settings.connections },
        check: (s) => s === 200,
      },
      {
        id: 2,
        label: 'Fastify + 1 raw NATS request/reply',
        load: { url: `${floorUrl}/floor/nats`, connections: settings.connections },
        check: (s, b) => s === 200 && b.includes('floor'),
      },
      {
        id: 3,
        label: 'gateway GET /api/auth/.well-known/jwks.json',
        load: { url: `${gatewayUrl}/api/auth/.well-known/jwks.json`, connections: settings.connections },
        check: (s, b) => s === 200 && b.includes('RS256'),
      },
      {
        id: 4,
        label: 'gateway GET /api/auth/me (RS256, a user per conn)',
        load: {
          url: `${gatewayUrl}/api/auth/me`,
          connections: settings.connections,
          headers: { authorization: `Bearer ${accessToken}` },
          connectionHeaders: tokens.map((token) => ({ authorization: `Bearer ${token}` })),
        },
        check: (s, b) => s === 200 && b.includes(email),
      },
      {
        id: 5,
        label: 'gateway POST /api/auth/login (argon2)',
        load: {
          url: `${gatewayUrl}/api/auth/login`,
          connections: settings.loginConnections,
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ email, password }),
        },
        check: (s, b) => s === 200 && b.includes('access_token'),
      },
      // Each service's hottest read, compared with #2 (one hop). The bench user owns no file,
      // subscription or invoice and there is no chef: the lists are empty, so these measure the
      // path (authentication, rate limit, hop, an indexed query), not serialising many rows.
      {
        id: 6,
        label: 'gateway GET /api/coocook/chefs (public list)',
        load: { url: `${gatewayUrl}/api/coocook/chefs`, connections: settings.connections },
        check: (s, b) => s === 200 && b.includes('chefs'),
      },
      ...(
        [
          [7, 'gateway GET /api/files (a user per conn)', '/api/files', 'files'],
          [8, 'gateway GET /api/payment/subscriptions (a user per conn)', '/api/payment/subscriptions', 'subscriptions'],
          [9, 'gateway GET /api/payment/invoices (a user per conn)', '/api/payment/invoices', 'invoices'],
          [13, 'gateway GET /api/notifications (a user per conn)', '/api/notifications', 'notifications'],
          [14, 'gateway GET /api/platform/dashboard (a user per conn)', '/api/platform/dashboard', 'products'],
        ] as const
      ).map(([id, label, path, key]) => ({
        id,
        label,
        load: {
          url: `${gatewayUrl}${path}`,
          connections: settings.connections,
          headers: { authorization: `Bearer ${accessToken}` },
          connectionHeaders: tokens.map((token) => ({ authorization: `Bearer ${token}` })),
        },
        check: (s: number, b: string) => s === 200 && b.includes(key),
      })),
      {
        id: 15,
        label: 'gateway GET /api/review/campaigns (public list)',
        load: { url: `${gatewayUrl}/api/review/campaigns`, connections: settings.connections },
        check: (s, b) => s === 200 && b.includes('campaigns'),
      },
      // The write path: an order with a fresh Idempotency-Key per request, beside its floor.
      {
        id: 10,
        label: 'floor: Fastify + 1 NATS hop + raw pg order write',
        load: { url: `${floorUrl}/floor/order`, connections: settings.writeConnections, ...orderRequest, uniqueHeader: 'idempotency-key' },
        check: (s, b) => s === 201 && b.includes('ORD-'),
      },
      {
        id: 11,
        label: 'gateway POST /api/orders, Idempotency-Key',
        load: {
          url: `${gatewayUrl}/api/orders`,
          connections: settings.writeConnections,
          ...orderRequest,
          headers: { ...orderRequest.headers, authorization: `Bearer ${accessToken}` },
          connectionHeaders: tokens.map((token) => ({ authorization: `Bearer ${token}` })),
          uniqueHeader: 'idempotency-key',
        },
        check: (s, b) => s === 201 && b.includes('ORD-'),
      },
      {
        id: 12,
        label: 'gateway GET /api/auth/me, concurrency limit off',
        load: {
          url: `${uncappedUrl}/api/auth/me`,
          connections: settings.connections,
          headers: { authorization: `Bearer ${accessToken}` },
          connectionHeaders: tokens.map((token) => ({ authorization: `Bearer ${token}` })),
        },
        check: (s, b) => s === 200 && b.includes(email),
      },
    ];
    // 12 needs its own gateway: only when asked for by name.
    const scenarios = allScenarios.filter((s) => (settings.only ? settings.only.includes(s.id) : s.id !== 12));
    if (!scenarios.length) throw new Error(`BENCH_SCENARIOS ${process.env.BENCH_SCENARIOS} names no scenario`);
    for (const scenario of scenarios) {
      const { url, method, headers, body, uniqueHeader } = scenario.load;
      const answer = await request(url, {
        method: method ?? 'GET',
        headers: { ...headers, ...(uniqueHeader ? { [uniqueHeader]: `check-${scenario.id}-${Date.now()}` } : {}) },
        body,
      });
      if (!scenario.check(answer.status, answer.body))
        throw new Error(`scenario ${scenario.id} answered ${answer.status}: ${answer.body.slice(0, 300)}`);
    }

    const named = new Map<number, string>([[process.pid, 'bench'], ...apps.map((app) => [app.child.pid!, app.name] as [number, string])]);
    const summaries: ScenarioSummary[] = scenarios.map((s) => ({
      id: s.id,
      label: s.label,
      connections: s.load.connections,
      rounds: [],
      cpu: [],
      drainMs: [],
    }));

    say(`warm-up: ${settings.warmup} s per scenario`);
    for (const scenario of scenarios) {
      await runLoad({ ...scenario.load, duration: settings.warmup });
      assertAlive(apps);
    }

    const totalSeconds = settings.rounds * scenarios.length * (settings.duration + 0.5);
    say(`${settings.rounds} rounds x ${scenarios.length} scenarios x ${settings.duration} s (about ${Math.round(totalSeconds)} s)`);
    // Each round of a scenario starts on a quiet fleet, and the time its own events then take to
    // be consumed is its drain (charged to it in the sustained figure, not to the next scenario).
    await untilFleetIsQuiet(named);
    for (let round = 1; round <= settings.rounds; round++) {
      for (const [i, scenario] of scenarios.entries()) {
        const before = cpuSnapshot();
        const result = await runLoad({ ...scenario.load, duration: settings.duration });
        const cpu = cpuBetween(before, cpuSnapshot(), named);
        const drainMs = await untilFleetIsQuiet(named);
        assertAlive(apps);
        summaries[i].rounds.push(result);
        summaries[i].cpu.push(cpu);
        summaries[i].drainMs.push(drainMs);
        say(
          `round ${round} #${scenario.id}: ${result.rps.toFixed(0)} req/s, p50 ${result.p50.toFixed(2)} ms, p99 ${result.p99.toFixed(2)} ms, ` +
            `${result.errors} errors, ${result.non2xx} non-2xx; other processes ${cpu.other.toFixed(2)} cores; ` +
            `the fleet was quiet ${(drainMs / 1000).toFixed(2)} s after`,
        );
      }
    }
    // V8 hands the pages a burst of allocation grew back to the system once allocation has been
    // low for a while (its memory reducer): "after load" is read once that has had its time.
    await sleep(settings.settleSeconds * 1000);
    const afterMemory = await memoryOfAll(apps);

    // Variables that change how the processes run, worth recording with the figures.
    const tuning = Object.entries({ ...process.env, ...imageEnv })
      .filter(([name]) => /^(MALLOC_\w+|NODE_OPTIONS|UV_THREADPOOL_SIZE|ARGON2_\w+|DB_POOL_SIZE)$/.test(name))
      .map(([name, value]) => `${name}=${value}`);
    const report: BenchReport = {
      date,
      commit,
      machine: `${availableParallelism()} cores (${cpus()[0]?.model ?? 'unknown CPU'}), ${process.platform}`,
      node: process.version,
      method:
        `${settings.rounds} rounds, each running scenarios ${scenarios.map((s) => s.id).join('→')} in turn for ${settings.duration} s, after a ${settings.warmup} s warm-up of each, each round of a scenario starting once the fleet is quiet, and the time until it is quiet again after the load (its events consumed) recorded as its drain; ` +
        `figures are medians of the rounds, errors are totals; load from autocannon in the bench process on the same machine; ` +
        `memory "after load" is read ${settings.settleSeconds} s after the last round; ` +
        `apps at LOG_LEVEL=${env.LOG_LEVEL}, production argon2 settings, rate limits raised to 1e8. ` +
        `#3 is the public JWKS route: it crosses NATS to auth, which answers a constant (there is no public ping route).` +
        (settings.appsDist !== join(ROOT, 'dist') ? ` Apps run from ${settings.appsDist}.` : '') +
        (tuning.length ? ` Set for every process: ${tuning.join(', ')}.` : ''),
      scenarios: summaries,
      processes: [
        'bench',
        'floor-server',
        'floor-responder',
        'gateway',
        'auth',
        'payment',
        'storage',
        'coocook',
        ...(settings.only?.includes(12) ? ['gateway-no-concurrency-limit'] : []),
      ],
      memory: apps.map((app) => ({
        name: app.name,
        idle: idleMemory.get(app.name) ?? null,
        afterLoad: afterMemory.get(app.name) ?? null,
        previous: previousMemory?.[app.name] ?? null,
      })),
      coldStart: { readyMs, gatewayListeningMs, authListeningMs, migrateMs },
      loadAverage: { before: loadBefore, after: loadavg() },
    };
    const text = renderReport(report);
    process.stdout.write(`\n${text}\n`);
    if (settings.record) {
      // Only recorded runs become "the previous run" (not trials with BENCH_NO_RECORD).
      mkdirSync(dirname(MEMORY_FILE), { recursive: true });
      writeFileSync(
        MEMORY_FILE,
        JSON.stringify(
          Object.fromEntries(report.memory.map((m) => [m.name, { idle: m.idle?.rssMb ?? null, afterLoad: m.afterLoad?.rssMb ?? null }])),
        ),
      );
      if (!existsSync(RESULTS_FILE)) writeFileSync(RESULTS_FILE, '# Bench results\n\nRuns of `npm run bench`, newest last.\n\n');
      appendFileSync(RESULTS_FILE, `\n${text}`);
      say(`appended to ${RESULTS_FILE}`);
    }

    if (settings.profileDir) await profile(scenarios, apps, settings.profileDir);
  } finally {
    await stopAll();
    await dropDatabase(databaseUrl.toString()).catch(() => undefined);
    await dropEventStreams(natsUrl, 'bench.');
  }
}

/** RSS from /proc; V8's heap and external memory asked of the process itself (the preloaded hook). */
async function memoryOfAll(apps: App[]): Promise<Map<string, Memory | null>> {
  const entries = await Promise.all(
    apps.map(async (app): Promise<[string, Memory | null]> => {
      const rss = memoryOf(app.child.pid!);
      if (!rss || !app.child.send) return [app.name, rss];
      const inner = await new Promise<{ heapUsedMb: number; heapTotalMb: number; externalMb: number } | null>((done) => {
        const timer = setTimeout(() => done(null), 2000);
        const listen = (message: unknown) => {
          const m = message as { kind?: string; heapUsedMb: number; heapTotalMb: number; externalMb: number };
          if (m?.kind !== 'bench:memory') return;
          clearTimeout(timer);
          app.child.off('message', listen);
          done(m);
        };
        app.child.on('message', listen);
        app.child.send('bench:memory');
      });
      return [app.name, inner ? { ...rss, ...inner } : rss];
    }),
  );
  return new Map(entries);
}

/**
 * Waits (up to 60 s, at least 0.25 s) until the serving side (the fleet, NATS, Redis and Postgres)
 * uses under 0.3 cores over a quarter of a second: the events a write scenario published have
 * been consumed, so the next scenario is not charged for the last one's consumers. Answers how
 * long it waited (a round's drain).
 */
async function untilFleetIsQuiet(named: Map<number, string>): Promise<number> {
  const started = Date.now();
  for (;;) {
    const before = cpuSnapshot();
    await sleep(250);
    if (servingCores(cpuBetween(before, cpuSnapshot(), named)) < 0.3 || Date.now() - started > 60_000) return Date.now() - started;
  }
}

/** CPU profiles of every process during one more load of the chosen scenario (not in the figures). */
async function profile(scenarios: Scenario[], allApps: App[], dir: string): Promise<void> {
  const apps = allApps.filter((app) => !settings.profileApps || settings.profileApps.includes(app.name));
  const scenario = scenarios.find((s) => s.id === settings.profileScenario);
  if (!scenario) throw new Error(`BENCH_PROF_SCENARIO ${settings.profileScenario} is not a scenario`);
  say(`profiling ${settings.profileApps?.join(', ') ?? 'every process'} during ${settings.profileSeconds} s of scenario ${scenario.id}`);
  for (const app of apps) app.child.send('bench:profile-start');
  await sleep(300);
  const result = await runLoad({ ...scenario.load, duration: settings.profileSeconds });
  say(
    `profiled run: ${result.rps.toFixed(0)} req/s, p50 ${result.p50.toFixed(2)} ms, p99 ${result.p99.toFixed(2)} ms, statuses ${JSON.stringify(result.statusCodes)}, errors ${result.errors}`,
  );
  for (const app of apps) app.child.send('bench:profile-stop');
  for (const app of apps) {
    const file = join(dir, `${app.name}-${app.child.pid}.cpuprofile`);
    const deadline = Date.now() + 15_000;
    while (!existsSync(file) && Date.now() < deadline) await sleep(100);
    if (!existsSync(file)) {
      say(`no profile from ${app.name}`);
      continue;
    }
    const summary = summarise(JSON.parse(readFileSync(file, 'utf8')) as CpuProfile, 20);
    process.stdout.write(`\n${formatSummary(`${app.name} (${file})`, summary)}\n`);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`[bench] failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
