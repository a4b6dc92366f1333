// Platform search under load: seeds 50,000 search documents (English and Korean) into the
// platform schema and 10,000 recipes into coocook's, starts auth, coocook, platform and the
// gateway, and measures through the gateway, in one run: `POST /api/search/full-text`,
// `GET /api/search/autocomplete`, `GET /api/search/trending` (over a log of 100,000 searches in
// the last 14 days), the floor of a platform route that reads nothing
// (`GET /api/i18n/languages`: gateway, NATS hop, the service's pipeline) and, beside them,
// CooCook's own `GET /api/recipes?q=`. The platform is measured first as built from an earlier
// commit ("before"), then as this tree's with its answer cache off and on ("after"), against the
// same database, gateway and auth (the earlier commit with the search log's text index, which its
// autocomplete read); the run fails if they answer different results (ids and order
// on pages 1 and 2) or totals other than the cap allows. Targets: autocomplete p95 under 20 ms on
// 50,000 documents; full text >= 1,000 req/s and p95 under 50 ms at 10 connections.
//
//   npm run bench:search
//
// Settings (environment): SEARCH_BENCH_DOCUMENTS (50000), SEARCH_BENCH_RECIPES (10000),
// SEARCH_BENCH_LOGGED_SEARCHES (100000),
// SEARCH_BENCH_DURATION (s per run, 10), SEARCH_BENCH_CONNECTIONS (10), SEARCH_BENCH_GATEWAY_PORT
// (18400), SEARCH_BENCH_NO_RECORD=1 (do not append to bench/RESULTS.md), SEARCH_BENCH_KEEP_DB=1
// (keep the database softfactory_bench_search afterwards), SEARCH_BENCH_BEFORE (9cc7961: the
// commit whose platform is measured first; empty: this tree only), SEARCH_BENCH_CPU_PROF=<dir>
// (CPU profiles of the platform and the gateway; `node dist/bench/cpuprofile-top.js <file>`).
import { randomBytes } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { appendFileSync, mkdirSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { DEFAULT_DATABASE_URL, DEFAULT_NATS_URL, DEFAULT_REDIS_URL } from '@sf/config';
import { SEARCH_TOTAL_CAP } from '@sf/contracts';
import { dropDatabase, provisionDatabase, roleUrl, runMigrationsWithLock, serviceDataSourceOptions } from '@sf/database';
import { dropEventStreams } from '@sf/events/streams';
import { AUTH_SCHEMA } from '../apps/auth/src/database';
import { COOCOOK_SCHEMA } from '../apps/coocook/src/database';
import { PLATFORM_SCHEMA } from '../apps/platform/src/database';
import { languageOf, searchVectorSql, SUGGESTION_TERMS_SQL } from '../apps/platform/src/search/search-index';
import { normaliseQuery } from '../apps/platform/src/search/search.service';
import { ensureSigningKey } from '../scripts/keys';
import { loadAutocannon, percentile } from './load';
import { cpuBetween, cpuSnapshot } from './proc-stats';
import { App, runtimeImageEnv, spawnApp, stopApp, waitForOk } from './processes';
import { prepareBefore, seedRecipes } from './recipe-search';

const ROOT = resolve(__dirname, '..', '..');
const num = (name: string, fallback: number) => {
  const value = process.env[name] ? Number(process.env[name]) : fallback;
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number`);
  return value;
};
const settings = {
  documents: num('SEARCH_BENCH_DOCUMENTS', 50_000),
  recipes: num('SEARCH_BENCH_RECIPES', 10_000),
  loggedSearches: num('SEARCH_BENCH_LOGGED_SEARCHES', 100_000),
  duration: num('SEARCH_BENCH_DURATION', 10),
  connections: num('SEARCH_BENCH_CONNECTIONS', 10),
  gatewayPort: num('SEARCH_BENCH_GATEWAY_PORT', 18400),
  record: !process.env.SEARCH_BENCH_NO_RECORD,
  keep: !!process.env.SEARCH_BENCH_KEEP_DB,
  /** The commit whose platform gives the "before" figures (empty: measure this tree only). */
  before: process.env.SEARCH_BENCH_BEFORE ?? '9cc7961',
  /** A directory: the platform and the gateway write V8 CPU profiles of the whole run there. */
  profileDir: process.env.SEARCH_BENCH_CPU_PROF,
};
const profileArgs = (name: string) =>
  settings.profileDir ? ['--cpu-prof', `--cpu-prof-dir=${settings.profileDir}`, `--cpu-prof-name=${name}-${Date.now()}.cpuprofile`] : [];
const say = (line: string) => process.stdout.write(`[search-bench] ${line}\n`);
const DATABASE_NAME = 'softfactory_bench_search';

/** Full-text queries: common and narrow English, a typo, Korean words with and without particles. */
const FULL_TEXT_QUERIES = [
  'chicken',
  'spicy noodles',
  'mushroom risotto',
  'spagetti',
  'creamy curry',
  '김치찌개',
  '된장찌개를',
  '비빔밥',
  '매콤한 떡볶이',
  'tofu soup',
];
/** What a user has typed so far. */
const PREFIXES = ['chi', 'spic', 'mush', 'cur', 'past', 'sal', '김치', '된장', '비빔', '떡'];
const RECIPE_QUERIES = ['chicken', 'spicy noodle', 'tomato basil', 'kimchi', 'mushroom'];

// A deterministic generator, so every run searches the same documents.
let seed = 20_261_207;
const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648;
const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)];

const EN_ADJECTIVES = ['Spicy', 'Creamy', 'Crispy', 'Smoky', 'Garlic', 'Lemon', 'Herbed', 'Roasted', 'Braised', 'Grilled', 'Easy'];
const EN_MAINS = ['Chicken', 'Beef', 'Pork Belly', 'Tofu', 'Shrimp', 'Salmon', 'Mushroom', 'Eggplant', 'Tomato', 'Potato', 'Spinach'];
const EN_DISHES = ['Stew', 'Noodles', 'Fried Rice', 'Curry', 'Salad', 'Soup', 'Pasta', 'Risotto', 'Tacos', 'Spaghetti', 'Skewers'];
const KO_ADJECTIVES = ['매콤한', '고소한', '담백한', '달콤한', '얼큰한', '간단한', '집에서 만드는'];
const KO_DISHES = ['김치찌개', '된장찌개', '비빔밥', '떡볶이', '불고기', '잡채', '순두부찌개', '갈비찜', '김밥', '냉면', '해물파전'];
const KO_TEXTS = [
  '돼지고기와 두부를 넣어 끓이는 방법',
  '아이들도 좋아하는 맛',
  '주말에 가족과 함께',
  '재료 손질부터 차근차근',
  '밥 한 그릇 뚝딱',
];
const CATEGORIES = ['Main', 'Soup', 'Side', 'Salad', 'Dessert', 'Appetizer', 'Breakfast'];

interface SeedDocument {
  title: string;
  keywords: string;
  text: string;
  category: string;
  language: string;
  publishedAt: Date;
}

function documentOf(): SeedDocument {
  const publishedAt = new Date(Date.now() - Math.floor(random() * 400 * 86_400_000));
  if (random() < 0.25) {
    const dish = pick(KO_DISHES);
    return {
      title: `${pick(KO_ADJECTIVES)} ${dish}`,
      keywords: `Korean ${pick(CATEGORIES)}`,
      text: `${dish}를 ${pick(KO_TEXTS)}`,
      category: pick(CATEGORIES),
      language: 'ko',
      publishedAt,
    };
  }
  const main = pick(EN_MAINS);
  const dish = pick(EN_DISHES);
  return {
    title: `${pick(EN_ADJECTIVES)} ${main} ${dish}`,
    keywords: `${pick(['quick', 'spicy', 'vegetarian', 'comfort', 'party'])} ${pick(CATEGORIES)}`,
    text: `A ${pick(['weeknight', 'family', 'festive', 'quick', 'slow-cooked'])} ${dish.toLowerCase()} with ${main.toLowerCase()} and ${pick(EN_MAINS).toLowerCase()}.`,
    category: pick(CATEGORIES),
    language: 'en',
    publishedAt,
  };
}

/** Writes the documents as the platform's consumer would (same vector), in batches, as the platform role. */
async function seedDocuments(url: string, count: number): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    for (let start = 0; start < count; start += 1000) {
      const docs = Array.from({ length: Math.min(1000, count - start) }, documentOf);
      await client.query(
        `INSERT INTO search_documents (type, source_id, owner_id, platform, category, language, title, excerpt, search_text, search_vector, visible, published_at, version)
         SELECT 'recipe', gen_random_uuid(), '00000000-0000-4000-8000-000000000001', 'coocook', u.c, u.l, u.t, left(u.x, 200),
                u.t || ' ' || u.k || ' ' || u.x, ${searchVectorSql('u.t', 'u.k', 'u.x')}, true, u.p, u.p
           FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::timestamptz[]) AS u(t, k, x, c, l, p)`,
        [
          docs.map((d) => d.title),
          docs.map((d) => d.keywords),
          docs.map((d) => d.text),
          docs.map((d) => d.category),
          docs.map((d) => d.language),
          docs.map((d) => d.publishedAt),
        ],
      );
    }
    // The suggestions and their words, as the index writer keeps them beside the documents.
    const titles = await client.query<{ platform: string; type: string; text: string }>(
      `INSERT INTO search_suggestions (platform, type, text_key, text, documents)
       SELECT platform, type, lower(title), max(title), count(*)::int FROM search_documents WHERE visible GROUP BY platform, type, lower(title)
       RETURNING platform, type, text`,
    );
    for (const row of titles.rows) await client.query(SUGGESTION_TERMS_SQL, [row.platform, row.type, row.text]);
    await client.query('VACUUM ANALYZE search_documents, search_suggestions, search_suggestion_terms');
  } finally {
    await client.end();
  }
}

/**
 * A search log of the last 14 days, as the platform's full-text searches write it (and its daily
 * counts, as the migration that made them fills them): 20,000 searchers, the bench's queries and
 * 1,000 others starting with its autocomplete prefixes, the first ones far more often searched.
 */
async function seedSearchLog(url: string, count: number): Promise<void> {
  const texts = [...FULL_TEXT_QUERIES, ...PREFIXES.flatMap((p) => Array.from({ length: 100 }, (_, i) => `${p} recipe ${i}`))].map(
    normaliseQuery,
  );
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(
      `INSERT INTO search_queries (text, language, platform, user_id, created_at)
       SELECT ($1::text[])[i], ($2::text[])[i], NULL, md5(floor(random() * 20000)::text)::uuid, now() - random() * interval '14 days'
         FROM (SELECT 1 + floor(power(random(), 3) * array_length($1::text[], 1))::int AS i FROM generate_series(1, $3::int)) AS pick`,
      [texts, texts.map(languageOf), count],
    );
    await client.query(
      `INSERT INTO search_query_counts (text, day, slot, searches)
       SELECT text, (created_at AT TIME ZONE 'UTC')::date, 0, count(*) FROM search_queries GROUP BY 1, 2`,
    );
    await client.query('VACUUM ANALYZE search_queries, search_query_counts');
  } finally {
    await client.end();
  }
}

/** The log's text index, which autocomplete read before its daily counts: there for the earlier commit only. */
async function useSearchLogTextIndex(url: string, wanted: boolean): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(
      wanted
        ? `CREATE INDEX IF NOT EXISTS search_queries_text_idx ON search_queries (text text_pattern_ops, created_at)`
        : `DROP INDEX IF EXISTS search_queries_text_idx`,
    );
  } finally {
    await client.end();
  }
}

async function migrate(adminUrl: string): Promise<void> {
  const schemas = [AUTH_SCHEMA, COOCOOK_SCHEMA, PLATFORM_SCHEMA];
  await provisionDatabase(
    adminUrl,
    schemas.map((s) => ({ name: s.name, password: s.name })),
  );
  for (const schema of schemas) {
    const dataSource = new DataSource(
      serviceDataSourceOptions(
        { url: roleUrl(adminUrl, schema.name, schema.name), schema: schema.name, poolSize: 2 },
        schema.entities,
        schema.migrations,
      ),
    );
    await dataSource.initialize();
    try {
      await runMigrationsWithLock(dataSource, schema.name);
    } finally {
      await dataSource.destroy();
    }
  }
}

interface Run {
  scenario: string;
  /** CPU time per request, ms, of each process serving it (and of the load generator, "bench"). */
  cpuPerRequest: Record<string, number>;
  /** Cores used meanwhile by processes outside this bench (other work on the machine). */
  other: number;
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  non2xx: number;
  errors: number;
}

interface FullTextAnswer {
  total: number;
  total_is_estimate?: boolean;
  results: { id: string }[];
}

interface Request {
  method: 'GET' | 'POST';
  path: string;
  body?: string;
}

async function load(
  scenario: string,
  baseUrl: string,
  token: string,
  requests: Request[],
  duration: number,
  ours: Map<number, string> = new Map(),
): Promise<Run> {
  const autocannon = loadAutocannon();
  const latencies: number[] = [];
  const cpuBefore = cpuSnapshot(DATABASE_NAME);
  const tracker = autocannon({
    url: baseUrl,
    connections: settings.connections,
    duration,
    timeout: 10,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    requests,
  });
  tracker.on('response', (_client: unknown, statusCode: number, _bytes: number, responseTime: number) => {
    if (statusCode >= 200 && statusCode < 300) latencies.push(responseTime);
  });
  const result = (await tracker) as unknown as { duration: number; errors: number; non2xx: number };
  const sorted = Float64Array.from(latencies).sort();
  const cpu = cpuBetween(cpuBefore, cpuSnapshot(DATABASE_NAME), ours);
  const cpuPerRequest: Record<string, number> = {};
  for (const [name, cores] of Object.entries({ ...cpu.ours, ...cpu.infra }))
    cpuPerRequest[name] = (cores * result.duration * 1000) / Math.max(1, latencies.length);
  return {
    scenario,
    cpuPerRequest,
    other: cpu.other,
    rps: latencies.length / result.duration,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    non2xx: result.non2xx,
    errors: result.errors,
  };
}

/** `gateway 0.31, platform 0.52, ...`: CPU ms per request by process, largest first. */
function cpuLine(run: Run): string {
  return Object.entries(run.cpuPerRequest)
    .sort((a, b) => b[1] - a[1])
    .map(([name, ms]) => `${name} ${ms.toFixed(2)}`)
    .join(', ');
}

/** The commit checked out (short), saying so when the tree measured has uncommitted changes. */
function currentCommit(): string {
  try {
    const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
    const dirty = execFileSync(
      'git',
      ['status', '--porcelain', '--untracked-files=no', '--', 'apps', 'libs', 'bench', ':!bench/RESULTS.md'],
      {
        cwd: ROOT,
        encoding: 'utf8',
      },
    ).trim();
    return dirty ? `${commit} with uncommitted changes` : commit;
  } catch {
    return 'unknown';
  }
}

async function main(): Promise<void> {
  loadAutocannon();
  const database = new URL(process.env.DATABASE_URL || DEFAULT_DATABASE_URL);
  database.pathname = `/${DATABASE_NAME}`;
  await dropDatabase(database.toString());
  await migrate(database.toString());
  let started = performance.now();
  await seedDocuments(roleUrl(database.toString(), 'platform', 'platform'), settings.documents);
  say(`seeded ${settings.documents} search documents in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  started = performance.now();
  await seedSearchLog(roleUrl(database.toString(), 'platform', 'platform'), settings.loggedSearches);
  say(`seeded ${settings.loggedSearches} logged searches in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  started = performance.now();
  await seedRecipes(roleUrl(database.toString(), 'coocook', 'coocook'), settings.recipes);
  say(`seeded ${settings.recipes} recipes in ${((performance.now() - started) / 1000).toFixed(1)} s`);

  const logDir = join(tmpdir(), 'softfactory-search-bench');
  mkdirSync(logDir, { recursive: true });
  const key = ensureSigningKey(join(ROOT, '.data', 'bench', 'jwt-private.pem'));
  const env: Record<string, string | undefined> = {
    ...process.env,
    ...runtimeImageEnv(join(ROOT, 'Dockerfile')),
    NODE_ENV: 'production',
    DATABASE_URL: database.toString(),
    AUTH_DATABASE_URL: undefined,
    COOCOOK_DATABASE_URL: undefined,
    PLATFORM_DATABASE_URL: undefined,
    NATS_URL: process.env.NATS_URL || DEFAULT_NATS_URL,
    REDIS_URL: process.env.REDIS_URL || DEFAULT_REDIS_URL,
    NATS_SUBJECT_PREFIX: 'benchsearch.',
    GATEWAY_SERVICES: 'auth,coocook,platform',
    RATE_LIMIT_PREFIX: 'rl-bench-search',
    DEMO_MODE: 'false',
    LOG_LEVEL: process.env.LOG_LEVEL || 'warn',
    HOST: '127.0.0.1',
    PORT: String(settings.gatewayPort),
    JWT_PRIVATE_KEY_FILE: key.file,
    JWT_PRIVATE_KEY: undefined,
    TOTP_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
  };
  for (const bucket of ['ANON', 'USER', 'PREMIUM', 'AUTH']) {
    env[`RATE_LIMIT_${bucket}_PER_MIN`] = '100000000';
    env[`RATE_LIMIT_${bucket}_PER_HOUR`] = '100000000';
  }
  // One user drives every connection: the per-account limit of requests in flight is lifted too.
  env.CONCURRENCY_LIMIT_FREE = '1000';
  const dist = (file: string) => join(ROOT, 'dist', file);
  const loadAtStart = loadavg();
  const beforeDist = settings.before ? prepareBefore(settings.before, 'platform') : null;
  const apps: App[] = [
    spawnApp('auth', dist('apps/auth/src/main.js'), { ...env, HEALTH_PORT: String(settings.gatewayPort + 1) }, logDir),
    spawnApp('coocook', dist('apps/coocook/src/main.js'), { ...env, HEALTH_PORT: String(settings.gatewayPort + 4) }, logDir),
    spawnApp(
      'gateway',
      dist('apps/gateway/src/main.js'),
      { ...env, HEALTH_PORT: String(settings.gatewayPort + 100) },
      logDir,
      profileArgs('gateway'),
    ),
  ];
  const platformEnv = { ...env, HEALTH_PORT: String(settings.gatewayPort + 5) };
  // This tree twice: with its answer cache off, every search is a miss, as one nobody asked lately is.
  const variants: { name: string; entry: string; env?: Record<string, string> }[] = [
    ...(beforeDist ? [{ name: `before (${settings.before})`, entry: join(beforeDist, 'apps/platform/src/main.js') }] : []),
    {
      name: 'after, answer cache off',
      entry: dist('apps/platform/src/main.js'),
      env: { PLATFORM_SEARCH_CACHE_ENTRIES: '0', PLATFORM_TRENDING_CACHE_ENTRIES: '0' },
    },
    { name: 'after (this tree)', entry: dist('apps/platform/src/main.js') },
  ];
  try {
    const baseUrl = `http://127.0.0.1:${settings.gatewayPort}`;
    let token = '';
    const measured: { name: string; answers: Map<string, FullTextAnswer>; runs: Run[] }[] = [];
    let found: string[] = [];
    for (const variant of variants) {
      await useSearchLogTextIndex(roleUrl(database.toString(), 'platform', 'platform'), variant.name.startsWith('before'));
      const platform = spawnApp('platform', variant.entry, { ...platformEnv, ...variant.env }, logDir, profileArgs('platform'));
      try {
        if (!(await waitForOk(`${baseUrl}/health/ready`, 60_000, [...apps, platform])))
          throw new Error(`the fleet was not ready within 60 s; logs in ${logDir}`);
        if (!token) {
          const registered = await fetch(`${baseUrl}/api/auth/register`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ email: `bench-${Date.now()}@example.com`, password: 'BenchPassword123', name: 'Bench User' }),
          });
          if (registered.status !== 201) throw new Error(`register answered ${registered.status}`);
          token = ((await registered.json()) as { access_token: string }).access_token;
        }
        // What each query finds (pages 1 and 2), to compare the variants and for the record.
        const answers = new Map<string, FullTextAnswer>();
        for (const q of FULL_TEXT_QUERIES) {
          for (const page of [1, 2]) {
            const response = await fetch(`${baseUrl}/api/search/full-text`, {
              method: 'POST',
              headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
              body: JSON.stringify({ q, limit: 20, page }),
            });
            if (response.status !== 200) throw new Error(`full-text "${q}" answered ${response.status}`);
            answers.set(`${q} page ${page}`, (await response.json()) as FullTextAnswer);
          }
        }
        found = FULL_TEXT_QUERIES.map((q) => {
          const answer = answers.get(`${q} page 1`)!;
          return `${q} ${answer.total}${answer.total_is_estimate ? ' (estimate)' : ''}`;
        });
        say(`${variant.name}: matches per query: ${found.join(', ')}`);

        const scenarios: [string, Request[]][] = [
          [
            'full-text',
            FULL_TEXT_QUERIES.map((q) => ({ method: 'POST', path: '/api/search/full-text', body: JSON.stringify({ q, limit: 20 }) })),
          ],
          ['autocomplete', PREFIXES.map((q) => ({ method: 'GET', path: `/api/search/autocomplete?q=${encodeURIComponent(q)}&limit=10` }))],
          [
            'trending',
            [1, 7, 14].flatMap((days) =>
              ['', '&language=en', '&language=ko'].map((language) => ({
                method: 'GET',
                path: `/api/search/trending?days=${days}${language}`,
              })),
            ),
          ],
          ['floor: i18n languages (platform, no SQL)', [{ method: 'GET', path: '/api/i18n/languages' }]],
          ...(variant === variants[variants.length - 1]
            ? [
                [
                  'recipe search (coocook)',
                  RECIPE_QUERIES.map((q) => ({ method: 'GET', path: `/api/recipes?q=${encodeURIComponent(q)}` })),
                ] as [string, Request[]],
              ]
            : []),
        ];
        const ours = new Map<number, string>([
          [process.pid, 'bench'],
          ...[...apps, platform].map((a) => [a.child.pid as number, a.name] as [number, string]),
        ]);
        for (const [name, requests] of scenarios) await load(name, baseUrl, token, requests, 2); // warm-up
        const runs: Run[] = [];
        for (const [name, requests] of scenarios) {
          const run = await load(name, baseUrl, token, requests, settings.duration, ours);
          runs.push(run);
          say(
            `${variant.name}, ${name}: ${run.rps.toFixed(0)} req/s, p50 ${run.p50.toFixed(2)} ms, p95 ${run.p95.toFixed(2)} ms, ` +
              `p99 ${run.p99.toFixed(2)} ms, ${run.errors} errors, ${run.non2xx} non-2xx; CPU ms/req ${cpuLine(run)}; ` +
              `other processes ${run.other.toFixed(2)} cores`,
          );
        }
        measured.push({ name: variant.name, answers, runs });
      } finally {
        await stopApp(platform);
      }
    }

    // Every variant answers as the first: the same results in the same order, totals alike up to the cap.
    const differences: string[] = [];
    const [first, ...others] = measured;
    for (const other of others) {
      for (const [key, old] of first.answers) {
        const now = other.answers.get(key)!;
        const idsOf = (a: FullTextAnswer) => a.results.map((r) => r.id).join(',');
        if (idsOf(old) !== idsOf(now)) differences.push(`${other.name}, ${key}: other results or order`);
        const exactBoth = !now.total_is_estimate;
        if (exactBoth ? now.total !== old.total : now.total < SEARCH_TOTAL_CAP)
          differences.push(`${other.name}, ${key}: total ${old.total} vs ${now.total}`);
      }
    }
    if (differences.length) throw new Error(`the variants answer differently:\n${differences.join('\n')}`);
    say('every variant answers the same results in the same order on pages 1 and 2, and the same totals up to the cap');

    const after = measured[measured.length - 1];
    const autocomplete = after.runs.find((r) => r.scenario === 'autocomplete')!;
    const fullText = after.runs.find((r) => r.scenario === 'full-text')!;
    const date = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
    const loads = (l: number[]) => l.map((v) => v.toFixed(1)).join(', ');
    const lines = [
      '',
      `## Platform search, ${date} — commit ${currentCommit()}`,
      '',
      `\`npm run bench:search\`: ${settings.documents.toLocaleString('en-US')} search documents (a quarter Korean) in the platform schema ` +
        `and ${settings.recipes.toLocaleString('en-US')} recipes in coocook's, in a throw-away database; each scenario through the gateway as one ` +
        `signed-in user at ${settings.connections} connections, ${settings.duration} s after a 2 s warm-up, cycling its queries; ` +
        `load from autocannon on the same machine (${availableParallelism()} cores, ${cpus()[0]?.model ?? 'unknown CPU'}), node ${process.version}. ` +
        (measured.length > 1
          ? `"before" is the platform built from commit ${settings.before}, "after" this tree's (once with its answer cache off), one after the other ` +
            'against the same database, gateway, auth and coocook; all answered the same results in the same order on pages 1 and 2 of every ' +
            'query, and the same totals up to the cap.'
          : 'Only this tree was measured (SEARCH_BENCH_BEFORE is empty), with its answer cache off and on; both answered alike.'),
      '',
      `Full-text queries: ${FULL_TEXT_QUERIES.join(', ')} (matches: ${found.join(', ')}). Autocomplete prefixes: ${PREFIXES.join(', ')}. ` +
        `Recipe search: ${RECIPE_QUERIES.join(', ')}.`,
      '',
      '| platform | scenario | req/s | p50 ms | p95 ms | p99 ms | errors | non-2xx | CPU ms per request, by process | other procs (cores) |',
      '|:---------|:---------|------:|-------:|-------:|-------:|-------:|--------:|:-------------------------------|--------------------:|',
      ...measured.flatMap((m) =>
        m.runs.map(
          (r) =>
            `| ${m.name} | ${r.scenario} | ${r.rps.toFixed(0)} | ${r.p50.toFixed(2)} | ${r.p95.toFixed(2)} | ${r.p99.toFixed(2)} | ${r.errors} | ${r.non2xx} | ` +
            `${cpuLine(r)} | ${r.other.toFixed(2)} |`,
        ),
      ),
      '',
      `Machine load average (1, 5, 15 min) at the start: ${loads(loadAtStart)}; at the end: ${loads(loadavg())}, on ${availableParallelism()} cores` +
        (Math.max(loadAtStart[0], loadavg()[0]) > availableParallelism()
          ? ': above the core count, other work shared the machine and the figures are depressed.'
          : '.'),
      '',
      `Target, autocomplete p95 under 20 ms on ${settings.documents.toLocaleString('en-US')} documents: ` +
        `${autocomplete.p95 < 20 ? 'met' : 'not met'} (p95 ${autocomplete.p95.toFixed(1)} ms).`,
      `Target, full text at ${settings.connections} connections, >= 1,000 req/s and p95 under 50 ms: ` +
        `${fullText.rps >= 1000 ? 'met' : 'not met'} (${fullText.rps.toFixed(0)} req/s), ` +
        `${fullText.p95 < 50 ? 'met' : 'not met'} (p95 ${fullText.p95.toFixed(1)} ms).`,
      '',
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
    if (settings.record) {
      appendFileSync(join(ROOT, 'bench', 'RESULTS.md'), lines.join('\n'));
      say('appended to bench/RESULTS.md');
    }
  } finally {
    await Promise.all(apps.map((app) => stopApp(app)));
    if (!settings.keep) {
      await dropDatabase(database.toString()).catch(() => undefined);
      await dropEventStreams(env.NATS_URL!, 'benchsearch.');
    }
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`search bench failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
