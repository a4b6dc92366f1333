import { execFileSync } from 'node:child_process';
import { appendFileSync } from 'node:fs';
import { Client } from 'pg';
import { ApiClient, RegisteredUser, TestFleet } from '@sf/testing';
import { LocalAi, startLocalAi } from '../../../apps/local-ai/src/local-ai';
import { LocalPlatforms, startLocalPlatforms } from '../../../apps/local-platforms/src/local-platforms';
import { LocalSmtp, startLocalSmtp } from '../../../apps/local-smtp/src/local-smtp';
import { LocalStripe, startLocalStripe } from '../../../apps/local-stripe/src/local-stripe';
import { AppOnPorts, OwnNats, OwnPostgres, resultsTable, ScenarioResult } from '../../../reliability/faults';
import { keyFrom, seeded, steadyWrites, tally, WriteRecord } from '../../../reliability/load';
import { recipeBody } from '../coocook/coocook-helpers';
import { ALL_SERVICES } from '../fleet';
import { buildOnce, freePort } from '../ops/processes';
import { payCheckout, TEST_STRIPE_SECRET_KEY, TEST_STRIPE_WEBHOOK_SECRET } from '../payment-fleet';
import { TEST_REVIEW_TOKEN_KEY } from '../review/review-helpers';
import { PLATFORM_CREDENTIALS } from '../sns/sns-fleet';
import { startTestS3, TestS3 } from '../storage-fleet';
import { subscribedUser } from './object-factories';

/**
 * Faults under load: `npm run reliability` only (it sets RELIABILITY_RESULTS); `npm test` skips it.
 * FAULT_SECONDS is how long each scenario keeps writing after its fault has recovered.
 */
const ENABLED = !!process.env.RELIABILITY_RESULTS;
const SEED = Number(process.env.FAULT_SEED ?? Date.now() % 1_000_000);
const AFTER_MS = Number(process.env.FAULT_SECONDS ?? 2) * 1000;
const CONCURRENCY = Number(process.env.FAULT_CONCURRENCY ?? 4);

/** Writes that matter, each with a marker (its key) to find it by afterwards. */
const KINDS: { name: string; path: string; body(key: string): unknown; found: string }[] = [
  {
    name: 'order',
    path: '/api/orders',
    body: (key) => ({ items: [{ product_id: 1, quantity: 1, price_krw: 1000 }], shipping_address: { city: key } }),
    found: `SELECT shipping_address->>'city' AS key, count(*)::int AS n FROM payment.orders WHERE shipping_address->>'city' = ANY($1) GROUP BY 1`,
  },
  {
    name: 'invoice',
    path: '/api/payment/invoices',
    body: (key) => ({ items: [{ description: 'Work', quantity: 1, price_krw: 1000 }], notes: key }),
    found: `SELECT notes AS key, count(*)::int AS n FROM payment.invoices WHERE notes = ANY($1) GROUP BY 1`,
  },
  {
    name: 'recipe',
    path: '/api/recipes',
    body: (key) => recipeBody({ title: key }),
    found: `SELECT title AS key, count(*)::int AS n FROM coocook.recipes WHERE title = ANY($1) GROUP BY 1`,
  },
  {
    name: 'sns campaign',
    path: '/api/sns/campaigns',
    body: (key) => ({ name: key, campaign_type: 'awareness' }),
    found: `SELECT name AS key, count(*)::int AS n FROM sns.campaigns WHERE name = ANY($1) GROUP BY 1`,
  },
  {
    name: 'review rule',
    path: '/api/review/auto-apply/rules',
    body: (key) => ({ name: key, is_active: false }),
    found: `SELECT name AS key, count(*)::int AS n FROM review.auto_apply_rules WHERE name = ANY($1) GROUP BY 1`,
  },
  {
    name: 'saved search',
    path: '/api/search/saved',
    body: (key) => ({ query_text: 'kimchi', name: key }),
    found: `SELECT name AS key, count(*)::int AS n FROM platform.saved_searches WHERE name = ANY($1) GROUP BY 1`,
  },
];

(ENABLED ? describe : describe.skip)(`faults under load (seed ${SEED}; FAULT_SEED=${SEED} replays its choices)`, () => {
  let pg: OwnPostgres;
  let nats: OwnNats;
  let fleet: TestFleet;
  let api: ApiClient;
  let user: RegisteredUser;
  const apps = new Map<string, AppOnPorts>();
  const standIns: { close(): Promise<void> }[] = [];
  const results: ScenarioResult[] = [];
  const random = seeded(SEED);

  beforeAll(async () => {
    buildOnce();
    pg = await OwnPostgres.start(await freePort());
    nats = await OwnNats.start(await freePort());
    // TestFleet provisions its database and connects from these.
    process.env.DATABASE_URL = pg.url;
    process.env.NATS_URL = nats.url;
    const s3: TestS3 = await startTestS3();
    const smtp: LocalSmtp = await startLocalSmtp();
    const platforms: LocalPlatforms = await startLocalPlatforms({ port: 0 });
    const ai: LocalAi = await startLocalAi({ apiKey: 'faults-ai-key' });
    const stripe: LocalStripe = await startLocalStripe({ secretKey: TEST_STRIPE_SECRET_KEY, webhookSecret: TEST_STRIPE_WEBHOOK_SECRET });
    standIns.push(s3, smtp, platforms, ai, stripe);
    for (const service of ALL_SERVICES) apps.set(service.name, new AppOnPorts(service.name, await freePort(), 0));
    apps.set('gateway', new AppOnPorts('gateway', await freePort(), await freePort()));
    const starter = (name: string) => ({
      name,
      start: async (env: Record<string, string>) => {
        const app = apps.get(name) as AppOnPorts;
        await app.start(env);
        return { close: () => app.close(), getUrl: async () => app.url };
      },
    });
    fleet = await TestFleet.start({
      services: ALL_SERVICES.map((s) => starter(s.name)),
      gateway: starter('gateway'),
      env: {
        GATEWAY_SERVICES: ALL_SERVICES.map((s) => s.name).join(','),
        DEMO_MODE: 'false',
        STRIPE_SECRET_KEY: TEST_STRIPE_SECRET_KEY,
        STRIPE_WEBHOOK_SECRET: TEST_STRIPE_WEBHOOK_SECRET,
        STRIPE_API_URL: stripe.url,
        ...s3.env,
        SMTP_URL: smtp.smtpUrl,
        WEBHOOK_SECRET_KEY: '0f'.repeat(32),
        REVIEW_PLATFORMS_URL: platforms.url,
        REVIEW_TOKEN_KEY: TEST_REVIEW_TOKEN_KEY,
        ...PLATFORM_CREDENTIALS,
        SNS_PLATFORMS_URL: platforms.url,
        AI_BASE_URL: `${ai.url}/v1`,
        AI_API_KEY: 'faults-ai-key',
      },
    });
    stripe.setWebhookUrl(`${fleet.baseUrl}/api/payment/webhook`);
    api = new ApiClient(fleet.baseUrl);
    user = await subscribedUser(api, payCheckout);
  }, 300_000);

  afterAll(async () => {
    if (results.length && process.env.RELIABILITY_RESULTS) {
      const commit = (() => {
        try {
          return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
        } catch {
          return 'unknown';
        }
      })();
      const note = `${CONCURRENCY} writers (${KINDS.map((k) => k.name).join(', ')}), each write under its own Idempotency-Key and retried with it on a 503 or a cut connection; ${AFTER_MS / 1000} s of writes after each recovery. Recovery: from the fault until every kind of write is acknowledged again.`;
      const table = resultsTable(SEED, commit, results, note);
      process.stdout.write(`${table}\n`);
      appendFileSync(process.env.RELIABILITY_RESULTS, `${table}\n`);
    }
    await fleet?.close().catch(() => undefined);
    for (const app of apps.values()) await app.close().catch(() => undefined);
    for (const standIn of standIns) await standIn.close().catch(() => undefined);
    await nats?.close();
    await pg?.close();
  }, 120_000);

  /** Writes steadily, injects the fault after a moment, recovers, keeps writing AFTER_MS, and tallies. */
  async function scenario(name: string, fault: () => Promise<void>, recover: () => Promise<void>): Promise<ScenarioResult> {
    const kindOf = new Map<string, (typeof KINDS)[number]>();
    let faultAt = Number.POSITIVE_INFINITY;
    const recoveredAt = new Map<string, number>();
    let stop!: () => void;
    const stopped = new Promise<void>((resolve) => (stop = resolve));
    const writing = steadyWrites({
      concurrency: CONCURRENCY,
      until: stopped,
      retryDelayMs: 100,
      giveUpAfterMs: 90_000,
      nextKey: () => {
        const key = keyFrom(random);
        kindOf.set(key, KINDS[Math.floor(random() * KINDS.length)]);
        return key;
      },
      write: async (key) => {
        const kind = kindOf.get(key) as (typeof KINDS)[number];
        const response = await fetch(`${fleet.baseUrl}${kind.path}`, {
          method: 'POST',
          headers: { Authorization: `Bearer ${user.accessToken}`, 'Content-Type': 'application/json', 'Idempotency-Key': key },
          body: JSON.stringify(kind.body(key)),
          signal: AbortSignal.timeout(15_000),
        });
        await response.text();
        return { status: response.status };
      },
      onAcknowledged: (record: WriteRecord) => {
        const kind = kindOf.get(record.key)?.name as string;
        if (record.startedAt >= faultAt && !recoveredAt.has(kind)) recoveredAt.set(kind, record.acknowledgedAt as number);
      },
    });
    await new Promise((resolve) => setTimeout(resolve, 1000));
    faultAt = Date.now();
    await fault();
    await recover();
    // Until every kind is acknowledged again (or a minute), then AFTER_MS more.
    const deadline = Date.now() + 60_000;
    while (recoveredAt.size < KINDS.length && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
    await new Promise((resolve) => setTimeout(resolve, AFTER_MS));
    stop();
    const records = await writing;
    const counts = await tally(records, async (keys) => {
      // A connection of its own each time: a fault may have cut the last one.
      const db = new Client({ connectionString: fleet.adminDatabaseUrl });
      db.on('error', () => undefined);
      await db.connect();
      try {
        const found = new Map<string, number>();
        for (const kind of KINDS) {
          const rows = await db.query(kind.found, [keys.filter((k) => kindOf.get(k) === kind)]);
          for (const row of rows.rows as { key: string; n: number }[]) found.set(row.key, row.n);
        }
        return found;
      } finally {
        await db.end().catch(() => undefined);
      }
    });
    const result: ScenarioResult = {
      scenario: name,
      attempted: counts.attempted,
      acknowledged: counts.acknowledged,
      lost: counts.lost,
      duplicated: counts.duplicated,
      unexpected5xx: counts.unexpected5xx,
      recoveryMs: recoveredAt.size === KINDS.length ? Math.max(...recoveredAt.values()) - faultAt : null,
    };
    results.push(result);
    return result;
  }

  const services = [...ALL_SERVICES.map((s) => s.name), 'gateway'];
  it.each(services)(
    'kill -9 of %s, restarted as an orchestrator would: nothing acknowledged is lost or made twice, no 5xx but 503',
    async (name) => {
      const app = apps.get(name) as AppOnPorts;
      const result = await scenario(
        `kill -9 ${name}`,
        () => app.kill(),
        () => app.start(fleet.env),
      );
      expect(result).toMatchObject({ lost: 0, duplicated: 0, unexpected5xx: 0 });
      expect(result.acknowledged).toBeGreaterThan(0);
    },
    180_000,
  );

  it.each([
    ['stopped', 'SIGTERM'],
    ['killed', 'SIGKILL'],
  ] as const)(
    'NATS %s and started again',
    async (how, signal) => {
      const result = await scenario(
        `NATS ${how}`,
        () => nats.stop(signal),
        () => nats.startServer(),
      );
      expect(result).toMatchObject({ lost: 0, duplicated: 0, unexpected5xx: 0 });
    },
    180_000,
  );

  it('Postgres stopped in immediate mode and started again', async () => {
    const result = await scenario(
      'Postgres immediate stop',
      async () => pg.stopImmediate(),
      () => pg.startServer(),
    );
    expect(result).toMatchObject({ lost: 0, duplicated: 0, unexpected5xx: 0 });
  }, 180_000);
});
