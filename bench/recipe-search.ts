// Recipe search under load: seeds 10,000 recipes into a throw-away database, starts auth, coocook
// and the gateway, and measures `GET /api/recipes?q=...` through the gateway with autocannon,
// first with coocook as of an earlier commit ("before"), then with this tree's ("after").
// Targets: >= 1,000 req/s and p95 under 50 ms at 10 connections.
//
//   npm run bench:recipes
//
// Settings (environment): RECIPE_BENCH_RECIPES (10000), RECIPE_BENCH_DURATION (s per run, 10),
// RECIPE_BENCH_CONNECTIONS (comma list, "1,4,10"), RECIPE_BENCH_GATEWAY_PORT (18300),
// RECIPE_BENCH_NO_RECORD=1 (do not append to bench/RESULTS.md), RECIPE_BENCH_KEEP_DB=1 (keep the
// database softfactory_bench_recipes afterwards, to look at the queries), RECIPE_BENCH_BEFORE
// (acb3847: the commit whose coocook is measured first, as "before", against the same database,
// gateway and auth, and whose answers this tree's must match; empty: measure this tree only).
import { randomBytes } from 'node:crypto';
import { execFileSync, execSync } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, rmSync, symlinkSync } from 'node:fs';
import { availableParallelism, cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { DEFAULT_DATABASE_URL, DEFAULT_NATS_URL, DEFAULT_REDIS_URL } from '@sf/config';
import { dropDatabase, provisionDatabase, roleUrl, runMigrationsWithLock, serviceDataSourceOptions } from '@sf/database';
import { dropEventStreams } from '@sf/events/streams';
import { AUTH_SCHEMA } from '../apps/auth/src/database';
import { COOCOOK_SCHEMA } from '../apps/coocook/src/database';
import { RECIPE_SEARCH_TOTAL_CAP } from '@sf/contracts';
import { ensureSigningKey } from '../scripts/keys';
import { loadAutocannon, percentile } from './load';
import { App, runtimeImageEnv, spawnApp, stopApp, waitForOk } from './processes';
import { cpuBetween, cpuSnapshot } from './proc-stats';

const ROOT = resolve(__dirname, '..', '..');
const num = (name: string, fallback: number) => {
  const value = process.env[name] ? Number(process.env[name]) : fallback;
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number`);
  return value;
};
const settings = {
  recipes: num('RECIPE_BENCH_RECIPES', 10_000),
  duration: num('RECIPE_BENCH_DURATION', 10),
  connections: (process.env.RECIPE_BENCH_CONNECTIONS ?? '1,4,10').split(',').map(Number),
  gatewayPort: num('RECIPE_BENCH_GATEWAY_PORT', 18300),
  record: !process.env.RECIPE_BENCH_NO_RECORD,
  /** The commit whose coocook gives the "before" figures (empty: measure this tree only). */
  before: process.env.RECIPE_BENCH_BEFORE ?? 'acb3847',
  /** Keep the database afterwards (to look at the queries). */
  keep: !!process.env.RECIPE_BENCH_KEEP_DB,
};
const say = (line: string) => process.stdout.write(`[recipe-bench] ${line}\n`);
const DATABASE_NAME = 'softfactory_bench_recipes';

/** The queries the load cycles through: common words (many matches) and narrower phrases. */
const QUERIES = [
  'chicken',
  'spicy noodle',
  'tomato basil',
  'kimchi',
  'garlic shrimp',
  'mushroom',
  'beef stew',
  'vegetarian curry',
  'lemon',
  'rice',
];

// A deterministic generator, so every run searches the same 10,000 recipes.
let seed = 20_260_315;
const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648;
const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)];

const ADJECTIVES = [
  'Spicy',
  'Creamy',
  'Crispy',
  'Smoky',
  'Garlic',
  'Lemon',
  'Herbed',
  'Sweet and Sour',
  'Roasted',
  'Braised',
  'Grilled',
  'Easy',
];
const MAINS = [
  'Chicken',
  'Beef',
  'Pork Belly',
  'Tofu',
  'Shrimp',
  'Salmon',
  'Mushroom',
  'Eggplant',
  'Kimchi',
  'Tomato',
  'Potato',
  'Spinach',
];
const DISHES = ['Stew', 'Noodles', 'Fried Rice', 'Curry', 'Salad', 'Soup', 'Pasta', 'Risotto', 'Tacos', 'Bowl', 'Skewers', 'Pancakes'];
const INGREDIENTS = [
  'garlic',
  'onion',
  'tomato',
  'rice',
  'spaghetti',
  'eggs',
  'butter',
  'olive oil',
  'soy sauce',
  'sesame oil',
  'ginger',
  'green onion',
  'carrot',
  'potato',
  'spinach',
  'mushrooms',
  'kimchi',
  'tofu',
  'chicken breast',
  'ground beef',
  'pork belly',
  'shrimp',
  'salmon',
  'basil',
  'parsley',
  'lemon',
  'honey',
  'sugar',
  'flour',
  'milk',
  'heavy cream',
  'parmesan',
  'mozzarella',
  'black pepper',
  'salt',
  'zucchini',
  'bell pepper',
  'cabbage',
  'bean sprouts',
  'red chili',
  'gochujang',
  'curry powder',
  'coconut milk',
  'cumin',
  'lime',
];
const CUISINES = ['Korean', 'Italian', 'Japanese', 'Chinese', 'French', 'Mexican', 'Thai', 'Indian', 'Spanish', 'American'];
const CATEGORIES = ['Main', 'Soup', 'Side', 'Salad', 'Dessert', 'Appetizer', 'Breakfast'];
const DIFFICULTIES = ['easy', 'medium', 'hard'];

function recipeRow(n: number): unknown[] {
  const title = `${pick(ADJECTIVES)} ${pick(MAINS)} ${pick(DISHES)}`;
  const names = [...new Set(Array.from({ length: 5 + Math.floor(random() * 6) }, () => pick(INGREDIENTS)))];
  const ingredients = names.map((name) => ({ name, quantity: 1 + Math.floor(random() * 300), unit: pick(['g', 'tbsp', 'tsp', null]) }));
  const cuisine = pick(CUISINES);
  const description = `A ${pick(['weeknight', 'family', 'festive', 'quick', 'slow-cooked'])} ${cuisine.toLowerCase()} dish with ${names.slice(0, 3).join(', ')}.`;
  const created = new Date(Date.now() - Math.floor(random() * 365 * 86_400_000));
  return [
    `00000000-0000-4000-8000-${String(Math.floor(random() * 200)).padStart(12, '0')}`,
    `${title.toLowerCase().replace(/[^a-z0-9]+/g, '-')}-${n}`,
    title,
    description,
    pick(CATEGORIES),
    cuisine,
    pick(DIFFICULTIES),
    5 + Math.floor(random() * 90),
    10 + Math.floor(random() * 120),
    1 + Math.floor(random() * 6),
    [pick(['quick', 'spicy', 'vegetarian', 'comfort', 'party'])],
    JSON.stringify(ingredients),
    names,
    JSON.stringify(['Prepare the ingredients.', 'Cook.', 'Serve.']),
    created,
  ];
}

/** Inserts `count` published recipes (the same ones every run) as coocook's role. */
export async function seedRecipes(url: string, count: number): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const columns =
      'author_id, slug, title, description, category, cuisine, difficulty, prep_time_mins, cook_time_mins, servings, tags, ingredients, ingredient_keys, instructions, created_at';
    const width = 15;
    for (let start = 0; start < count; start += 500) {
      const rows = Array.from({ length: Math.min(500, count - start) }, (_, i) => recipeRow(start + i));
      // Each row: its 15 values, then status, and published_at = created_at (the 15th value).
      const values = rows.map((_, r) => {
        const p = Array.from({ length: width }, (_, c) => `$${r * width + c + 1}`);
        return `(${p.join(', ')}, 'published', ${p[width - 1]})`;
      });
      const sql = `INSERT INTO recipes (${columns}, status, published_at) VALUES ${values.join(', ')}`;
      await client.query(sql, rows.flat());
    }
    // As autovacuum leaves a table in steady state: statistics, visibility map.
    await client.query('VACUUM ANALYZE recipes, recipe_search_terms');
  } finally {
    await client.end();
  }
}

async function migrate(adminUrl: string): Promise<void> {
  const schemas = [AUTH_SCHEMA, COOCOOK_SCHEMA];
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
  /** Cores used meanwhile by processes outside this bench (other work on the machine). */
  other: number;
  /** CPU time per request, ms, of each process serving it (and of the load generator, "bench"). */
  cpuPerRequest: Record<string, number>;
  connections: number;
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  non2xx: number;
  errors: number;
}

async function load(baseUrl: string, connections: number, duration: number, ours: Map<number, string>): Promise<Run> {
  const autocannon = loadAutocannon();
  const before = cpuSnapshot(DATABASE_NAME);
  const latencies: number[] = [];
  const tracker = autocannon({
    url: baseUrl,
    connections,
    duration,
    timeout: 10,
    requests: QUERIES.map((q) => ({ method: 'GET', path: `/api/recipes?q=${encodeURIComponent(q)}` })),
  });
  tracker.on('response', (_client: unknown, statusCode: number, _bytes: number, responseTime: number) => {
    if (statusCode >= 200 && statusCode < 300) latencies.push(responseTime);
  });
  const result = (await tracker) as unknown as { duration: number; errors: number; non2xx: number };
  const sorted = Float64Array.from(latencies).sort();
  const cpu = cpuBetween(before, cpuSnapshot(DATABASE_NAME), ours);
  const perRequest = (cores: number) => (cores * result.duration * 1000) / Math.max(1, latencies.length);
  const cpuPerRequest: Record<string, number> = {};
  for (const [name, cores] of Object.entries({ ...cpu.ours, ...cpu.infra })) cpuPerRequest[name] = perRequest(cores);
  return {
    other: cpu.other,
    cpuPerRequest,
    connections,
    rps: latencies.length / result.duration,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    non2xx: result.non2xx,
    errors: result.errors,
  };
}

interface SearchAnswer {
  recipes: { id: string }[];
  total: number;
  total_is_estimate?: boolean;
}

interface Variant {
  name: string;
  answers: Map<string, SearchAnswer>;
  runs: Run[];
}

/** The commit checked out (short), or "unknown". */
function currentCommit(root: string): string {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root, encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
}

/**
 * `app` compiled as of another commit, for the "before" figures: the tree extracted with `git
 * archive` (no worktree, no checkout) into the temporary directory (not the repository: jest
 * would find its tests), each app built once, reused afterwards.
 */
export function prepareBefore(commit: string, app: string): string {
  const dir = join(tmpdir(), `softfactory-bench-before-${commit}`);
  const dist = join(dir, 'dist');
  if (existsSync(join(dist, 'apps', app, 'src', 'main.js'))) return dist;
  say(`building ${app} as of ${commit} into ${dir} (once)`);
  if (!existsSync(join(dir, 'tsconfig.build.json'))) {
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    execSync(`git archive ${commit} | tar -x -C ${JSON.stringify(dir)}`, { cwd: ROOT, stdio: 'inherit' });
    symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
  }
  // Only the app measured (and the libs it imports): the rest of that tree may import packages
  // this one no longer installs.
  const bin = (name: string) => join(ROOT, 'node_modules', '.bin', name);
  execFileSync(bin('tsc'), ['-p', join('apps', app, 'tsconfig.app.json')], { cwd: dir, stdio: 'inherit' });
  execFileSync(bin('tsc-alias'), ['-p', 'tsconfig.build.json'], { cwd: dir, stdio: 'inherit' });
  return dist;
}

async function main(): Promise<void> {
  loadAutocannon();
  const adminBase = new URL(process.env.DATABASE_URL || DEFAULT_DATABASE_URL);
  const database = new URL(adminBase);
  database.pathname = `/${DATABASE_NAME}`;
  await dropDatabase(database.toString());
  await migrate(database.toString());
  const seeded = performance.now();
  await seedRecipes(roleUrl(database.toString(), 'coocook', 'coocook'), settings.recipes);
  say(`seeded ${settings.recipes} recipes in ${((performance.now() - seeded) / 1000).toFixed(1)} s`);

  const logDir = join(tmpdir(), 'softfactory-recipe-bench');
  mkdirSync(logDir, { recursive: true });
  const key = ensureSigningKey(join(ROOT, '.data', 'bench', 'jwt-private.pem'));
  const env: Record<string, string | undefined> = {
    ...process.env,
    // As deployed: the runtime image's V8 and malloc settings.
    ...runtimeImageEnv(join(ROOT, 'Dockerfile')),
    NODE_ENV: 'production',
    DATABASE_URL: database.toString(),
    AUTH_DATABASE_URL: undefined,
    COOCOOK_DATABASE_URL: undefined,
    NATS_URL: process.env.NATS_URL || DEFAULT_NATS_URL,
    REDIS_URL: process.env.REDIS_URL || DEFAULT_REDIS_URL,
    NATS_SUBJECT_PREFIX: 'benchrecipes.',
    GATEWAY_SERVICES: 'auth,coocook',
    RATE_LIMIT_PREFIX: 'rl-bench-recipes',
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
  const dist = (file: string) => join(ROOT, 'dist', file);
  const apps: App[] = [];
  const stopAll = () => Promise.all(apps.splice(0).map((app) => stopApp(app)));
  try {
    const beforeDist = settings.before ? prepareBefore(settings.before, 'coocook') : null;
    apps.push(spawnApp('auth', dist('apps/auth/src/main.js'), { ...env, HEALTH_PORT: String(settings.gatewayPort + 1) }, logDir));
    apps.push(spawnApp('gateway', dist('apps/gateway/src/main.js'), { ...env, HEALTH_PORT: String(settings.gatewayPort + 100) }, logDir));
    const baseUrl = `http://127.0.0.1:${settings.gatewayPort}`;
    const coocookEnv = { ...env, HEALTH_PORT: String(settings.gatewayPort + 4) };
    // The bench repeats its queries, so this tree's answers come from its answer cache; the same
    // tree with the cache off is what a query nobody asked lately costs.
    const variants: { name: string; entry: string; env?: Record<string, string> }[] = [
      ...(beforeDist ? [{ name: `before (${settings.before})`, entry: join(beforeDist, 'apps/coocook/src/main.js') }] : []),
      { name: 'after, answer cache off', entry: dist('apps/coocook/src/main.js'), env: { RECIPE_SEARCH_CACHE_ENTRIES: '0' } },
      { name: 'after (this tree)', entry: dist('apps/coocook/src/main.js') },
    ];
    const measured: Variant[] = [];
    for (const variant of variants) {
      const coocook = spawnApp('coocook', variant.entry, { ...coocookEnv, ...variant.env }, logDir);
      const fleet = [...apps, coocook];
      try {
        if (!(await waitForOk(`${baseUrl}/health/ready`, 60_000, fleet)))
          throw new Error(`the fleet was not ready within 60 s; logs in ${logDir}`);
        const answers = new Map<string, SearchAnswer>();
        for (const q of QUERIES) {
          for (const page of [1, 3]) {
            const response = await fetch(`${baseUrl}/api/recipes?q=${encodeURIComponent(q)}&page=${page}`);
            if (response.status !== 200) throw new Error(`search for "${q}" answered ${response.status}`);
            answers.set(`${q} page ${page}`, (await response.json()) as SearchAnswer);
          }
        }
        const ours = new Map<number, string>([
          [process.pid, 'bench'],
          ...fleet.map((a) => [a.child.pid as number, a.name] as [number, string]),
        ]);
        await load(baseUrl, 10, 3, ours); // warm-up
        const runs: Run[] = [];
        for (const connections of settings.connections) {
          const run = await load(baseUrl, connections, settings.duration, ours);
          runs.push(run);
          say(
            `${variant.name}, ${connections} conns: ${run.rps.toFixed(0)} req/s, p50 ${run.p50.toFixed(2)} ms, p95 ${run.p95.toFixed(2)} ms, ` +
              `p99 ${run.p99.toFixed(2)} ms; CPU ms/req ${Object.entries(run.cpuPerRequest)
                .map(([name, ms]) => `${name} ${ms.toFixed(2)}`)
                .join(', ')}; other processes ${run.other.toFixed(2)} cores`,
          );
        }
        measured.push({ name: variant.name, answers, runs });
      } finally {
        await stopApp(coocook);
      }
    }

    // The client sees the same recipes in the same order; the totals differ only as the contract allows.
    const after = measured[measured.length - 1];
    const differences: string[] = [];
    const before = measured.length > 1 ? measured[0] : null;
    for (const [key, answer] of after.answers) {
      if (answer.total_is_estimate ? answer.total <= RECIPE_SEARCH_TOTAL_CAP : false)
        differences.push(`${key}: estimated total under the cap`);
      for (const other of measured.slice(0, -1)) {
        const old = other.answers.get(key);
        if (!old) continue;
        const ids = (a: SearchAnswer) => a.recipes.map((r) => r.id).join(',');
        if (ids(old) !== ids(answer)) differences.push(`${key}: other recipes or order than ${other.name}`);
        if (!answer.total_is_estimate && old.total !== answer.total)
          differences.push(`${key}: total ${old.total} (${other.name}) → ${answer.total}`);
      }
    }
    if (differences.length) throw new Error(`the answers changed: ${differences.join('; ')}`);
    const matches = QUERIES.map((q) => {
      const answer = after.answers.get(`${q} page 1`)!;
      const exact = before?.answers.get(`${q} page 1`)?.total;
      return `${q} ${answer.total_is_estimate ? `~${answer.total}${exact !== undefined ? ` (exact ${exact})` : ''}` : answer.total}`;
    });
    say(`matches per query: ${matches.join(', ')}`);

    const date = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
    const row = (name: string, r: Run) =>
      `| ${name} | ${r.connections} | ${r.rps.toFixed(0)} | ${r.p50.toFixed(2)} | ${r.p95.toFixed(2)} | ${r.p99.toFixed(2)} | ${r.errors} | ${r.non2xx} | ` +
      `${(r.cpuPerRequest.postgres ?? 0).toFixed(2)} | ${((r.cpuPerRequest.coocook ?? 0) + (r.cpuPerRequest.gateway ?? 0)).toFixed(2)} | ${r.other.toFixed(2)} |`;
    const lines = [
      '',
      `## Recipe search (CooCook), ${date} — commit ${currentCommit(ROOT)}`,
      '',
      `\`npm run bench:recipes\`: ${settings.recipes.toLocaleString('en-US')} published recipes in a throw-away database; ` +
        `\`GET /api/recipes?q=...\` through the gateway (public route: rate limiter, one NATS hop, Postgres full-text search), ` +
        `cycling ${QUERIES.length} queries; ${settings.duration} s per run after a 3 s warm-up; load from autocannon ` +
        `on the same machine (${availableParallelism()} cores, ${cpus()[0]?.model ?? 'unknown CPU'}), node ${process.version}. ` +
        (before
          ? `"before" is coocook built from commit ${settings.before}, "after" this tree's (once with its answer cache off: every search ` +
            `a miss, as a query nobody asked lately is), against the same database, gateway and auth; all answered the same recipes in the same order on pages 1 and 3 of every query, and the same totals up to the cap.`
          : 'Only this tree was measured (RECIPE_BENCH_BEFORE is empty).'),
      '',
      `Matches per query (~: beyond the cap of ${RECIPE_SEARCH_TOTAL_CAP}, the estimate answered): ${matches.join(', ')}.`,
      '',
      '| coocook | conns | req/s | p50 ms | p95 ms | p99 ms | errors | non-2xx | Postgres CPU ms/req | coocook + gateway CPU ms/req | other procs, cores |',
      '|:--------|------:|------:|-------:|-------:|-------:|-------:|--------:|--------------------:|-----------------------------:|-------------------:|',
      ...measured.flatMap((v) => v.runs.map((r) => row(v.name, r))),
      '',
      '"other procs" is CPU used meanwhile by processes outside this bench (other work on the machine): above 0.2 cores the figures are depressed.',
      '',
      `Target at 10 connections, >= 1,000 req/s and p95 under 50 ms: ${after.runs
        .filter((r) => r.connections === 10)
        .map(
          (r) =>
            `${r.rps >= 1000 ? 'met' : 'not met'} (${r.rps.toFixed(0)} req/s), ${r.p95 < 50 ? 'met' : 'not met'} (p95 ${r.p95.toFixed(1)} ms)`,
        )
        .join('; ')}.`,
      '',
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
    if (settings.record) {
      appendFileSync(join(ROOT, 'bench', 'RESULTS.md'), lines.join('\n'));
      say('appended to bench/RESULTS.md');
    }
  } finally {
    await stopAll();
    if (!settings.keep) {
      await dropDatabase(database.toString()).catch(() => undefined);
      await dropEventStreams(env.NATS_URL!, 'benchrecipes.');
    }
  }
}

// Run as a script; imported (by the search bench), it only lends its seeding.
if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`recipe bench failed: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  });
}
