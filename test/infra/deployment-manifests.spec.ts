import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';

/*
 * Offline checks of the container and deployment files: nothing here needs Docker or a cluster,
 * so mistakes that would only surface at `docker compose up` or `kubectl apply` fail fast.
 */

const ROOT = path.resolve(__dirname, '../..');

function readText(relative: string): string {
  return fs.readFileSync(path.join(ROOT, relative), 'utf8');
}

// ---------------------------------------------------------------------------------------------
// Shapes of the parts of Compose and Kubernetes documents these checks read.

type Command = string | string[];

interface ComposeService {
  image?: string;
  build?: string | { context?: string; dockerfile?: string };
  command?: Command;
  environment?: Record<string, string | number | boolean | null> | string[];
  healthcheck?: { test?: Command; disable?: boolean };
  ports?: Array<string | number | { target?: number; published?: number | string }>;
  depends_on?: string[] | Record<string, { condition?: string }>;
  restart?: string;
}

interface ComposeFile {
  version?: unknown;
  services: Record<string, ComposeService>;
}

// ---------------------------------------------------------------------------------------------
// Helpers.

function commandWords(command: Command | undefined): string[] {
  if (command === undefined) return [];
  return Array.isArray(command) ? command : command.trim().split(/\s+/);
}

/** The compiled entry file a command starts, e.g. `dist/apps/auth/src/main.js`. */
function entryFile(words: string[]): string | undefined {
  return words.find((word) => /^(\.\/)?dist\/.+\.js$/.test(word))?.replace(/^\.\//, '');
}

/** `dist/apps/X/src/main.js` ↔ `apps/X/src/main.ts`, `dist/scripts/migrate.js` ↔ `scripts/migrate.ts`. */
function sourceOf(entry: string): string {
  return entry.replace(/^dist\//, '').replace(/\.js$/, '.ts');
}

function environmentOf(service: ComposeService): Record<string, string> {
  const env = service.environment ?? {};
  if (Array.isArray(env)) {
    return Object.fromEntries(env.map((line) => [line.split('=')[0], line.slice(line.indexOf('=') + 1)]));
  }
  return Object.fromEntries(Object.entries(env).map(([key, value]) => [key, String(value)]));
}

function dependencies(service: ComposeService): Array<{ name: string; condition: string }> {
  const deps = service.depends_on ?? [];
  if (Array.isArray(deps)) return deps.map((name) => ({ name, condition: 'service_started' }));
  return Object.entries(deps).map(([name, dep]) => ({ name, condition: dep?.condition ?? 'service_started' }));
}

// ---------------------------------------------------------------------------------------------
// Loaded once: every check below reads the same parsed files.

const compose = parse(readText('docker-compose.yml'), { merge: true }) as ComposeFile;
const appServices = Object.entries(compose.services).filter(([, service]) => service.build !== undefined);
/** The services behind the gateway, each with its own schema, role and health port. */
const SERVICES = [
  { name: 'auth', healthPort: 8101 },
  { name: 'payment', healthPort: 8102 },
  { name: 'storage', healthPort: 8103 },
  { name: 'coocook', healthPort: 8104 },
  { name: 'notifications', healthPort: 8106 },
  { name: 'platform', healthPort: 8105 },
  { name: 'admin', healthPort: 8107 },
  { name: 'review', healthPort: 8109 },
  { name: 'sns', healthPort: 8108 },
  { name: 'sites', healthPort: 8111 },
  { name: 'automation', healthPort: 8110 },
];
/** Local stand-ins for third-party APIs: in docker-compose, never in the cluster. */
const LOCAL_STAND_INS = ['local-stripe', 'local-smtp', 'local-platforms', 'local-ai'];
const longRunningApps = appServices.filter(([, service]) => service.restart !== 'no');

const dockerfile = readText('Dockerfile');

// ---------------------------------------------------------------------------------------------

describe('docker-compose.yml', () => {
  it('is a Compose spec file with services and no obsolete version key', () => {
    expect(compose).toBeInstanceOf(Object);
    expect(compose.version).toBeUndefined();
    expect(Object.keys(compose.services)).toEqual(
      expect.arrayContaining(['postgres', 'nats', 'redis', 'minio', 'migrate', 'auth', 'gateway']),
    );
  });

  it('builds every app from the repository Dockerfile', () => {
    expect(appServices.map(([name]) => name).sort()).toEqual(
      [...SERVICES.map((s) => s.name), 'gateway', 'migrate', ...LOCAL_STAND_INS].sort(),
    );
    for (const [, service] of appServices) {
      const build = typeof service.build === 'string' ? { context: service.build } : service.build!;
      expect(path.resolve(ROOT, build.context ?? '.')).toBe(ROOT);
      expect(build.dockerfile ?? 'Dockerfile').toBe('Dockerfile');
    }
  });

  it.each(appServices)('starts %s with node on a compiled entry file that has a TypeScript source', (_name, service) => {
    const words = commandWords(service.command);
    expect(words[0]).toBe('node');
    const entry = entryFile(words);
    expect(entry).toBeDefined();
    const source = sourceOf(entry!);
    expect({ source, exists: fs.existsSync(path.join(ROOT, source)) }).toEqual({ source, exists: true });
  });

  it.each(longRunningApps)('health-checks %s with node fetch on the port the app listens on', (_name, service) => {
    expect(service.healthcheck?.disable).not.toBe(true);
    const test = commandWords(service.healthcheck?.test).join(' ');
    // The runtime image is slim: no curl or wget, but Node has fetch.
    expect(test).toMatch(/\bnode\b.*fetch\(/);
    const env = environmentOf(service);
    const port =
      env.PORT ?? env.HEALTH_PORT ?? env.LOCAL_STRIPE_PORT ?? env.LOCAL_SMTP_HTTP_PORT ?? env.LOCAL_PLATFORMS_PORT ?? env.LOCAL_AI_PORT;
    expect(port).toMatch(/^\d+$/);
    expect(test).toContain(`:${port}/health`);
  });

  it('publishes the gateway on port 8000', () => {
    const gateway = compose.services.gateway;
    expect(environmentOf(gateway).PORT).toBe('8000');
    const published = (gateway.ports ?? []).map((p) => (typeof p === 'object' ? `${p.published}:${p.target}` : String(p)));
    expect(published.some((p) => /(^|:)8000:8000$/.test(p))).toBe(true);
  });

  it.each(SERVICES)('runs migrate once, after postgres is healthy and before $name starts', ({ name }) => {
    const { migrate } = compose.services;
    expect(migrate.restart).toBe('no');
    expect(dependencies(migrate)).toContainEqual({ name: 'postgres', condition: 'service_healthy' });
    expect(dependencies(compose.services[name])).toContainEqual({ name: 'migrate', condition: 'service_completed_successfully' });
    expect(environmentOf(migrate).DATABASE_URL).toMatch(/^postgres:\/\/postgres:[^@]+@postgres:5432\/softfactory$/);
  });

  it.each(SERVICES)('gives the $name role the password migrate creates it with', ({ name }) => {
    const password = environmentOf(compose.services.migrate)[`${name.toUpperCase()}_DB_PASSWORD`];
    expect(password).toBeTruthy();
    const url = new URL(environmentOf(compose.services[name])[`${name.toUpperCase()}_DATABASE_URL`]);
    expect(url.username).toBe(name);
    expect(decodeURIComponent(url.password)).toBe(password);
  });

  it('waits for every service to be healthy before starting the gateway', () => {
    for (const { name } of SERVICES) expect(dependencies(compose.services.gateway)).toContainEqual({ name, condition: 'service_healthy' });
  });

  it('only depends on services that exist, and waits for health only where a healthcheck exists', () => {
    for (const [name, service] of Object.entries(compose.services)) {
      for (const dep of dependencies(service)) {
        expect({ from: name, to: dep.name, exists: dep.name in compose.services }).toEqual({ from: name, to: dep.name, exists: true });
        if (dep.condition === 'service_healthy') {
          expect({ to: dep.name, healthcheck: Boolean(compose.services[dep.name].healthcheck) }).toEqual({
            to: dep.name,
            healthcheck: true,
          });
        }
      }
    }
  });

  it('points every app at the in-compose NATS and Redis', () => {
    for (const [, service] of appServices.filter(([name]) => !LOCAL_STAND_INS.includes(name))) {
      const env = environmentOf(service);
      expect(env.NATS_URL).toBe('nats://nats:4222');
      expect(env.REDIS_URL).toBe('redis://redis:6379');
    }
  });
});

describe('Dockerfile', () => {
  const lines = dockerfile
    .replace(/\\\r?\n/g, ' ')
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
  const stages: Array<{ image: string; name?: string; lines: string[] }> = [];
  for (const line of lines) {
    const from = /^FROM\s+(?:--platform=\S+\s+)?(\S+)(?:\s+AS\s+(\S+))?/i.exec(line);
    if (from) stages.push({ image: from[1], name: from[2], lines: [] });
    else stages.at(-1)?.lines.push(line);
  }
  const stageNames = new Set(stages.map((stage) => stage.name?.toLowerCase()).filter(Boolean));

  it('pins every base image to a digest of Node 24', () => {
    const bases = stages.map((stage) => stage.image).filter((image) => !stageNames.has(image.toLowerCase()));
    expect(bases.length).toBeGreaterThan(0);
    for (const image of bases) {
      // A major-version tag for the reader, and the digest that makes rebuilds reproducible.
      expect(image).toMatch(/^node:24-[\w.-]+@sha256:[0-9a-f]{64}$/);
    }
  });

  it('runs the runtime stage as the unprivileged node user', () => {
    const runtime = stages.at(-1)!;
    const users = runtime.lines.filter((line) => /^USER\s/i.test(line));
    expect(users.at(-1)).toMatch(/^USER\s+node$/i);
  });

  it('compiles and drops dev dependencies in a build stage the runtime copies from', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    const build = stages
      .slice(0, -1)
      .flatMap((stage) => stage.lines)
      .join('\n');
    expect(build).toMatch(/\bnpm ci\b/);
    expect(build).toMatch(/\bnpm run build\b/);
    expect(build).toMatch(/\bnpm prune --omit=dev\b/);
    const runtime = stages.at(-1)!.lines.join('\n');
    expect(runtime).toMatch(/COPY --from=\S+ \S*node_modules/);
    expect(runtime).toMatch(/COPY --from=\S+ \S*dist/);
    expect(runtime).not.toMatch(/\bnpm (ci|install)\b/);
  });

  it('keeps dependencies, build output, local data and secrets out of the build context', () => {
    const ignored = readText('.dockerignore')
      .split(/\r?\n/)
      .map((line) => line.trim());
    expect(ignored).toEqual(expect.arrayContaining(['node_modules', 'dist', '.git', '.data', '.env']));
  });
});
