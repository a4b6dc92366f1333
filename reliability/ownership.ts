// The two-user check: for every route that names an object, a factory makes the object as user A
// and user B (by token and by API key) tries every method on it. Reads must answer 404, writes
// 403 or 404, A's object must read the same afterwards, and none of B's lists may hold A's ids.
// Run against the fleet (test/e2e/reliability/two-users.e2e-spec.ts) and against a fixture with a
// planted bug (test/e2e/reliability/planted-bugs.e2e-spec.ts), which it must report.
import type { Access, HttpMethod } from '@sf/contracts';
import type { ApiClient, ApiResponse } from '@sf/testing';

/** A route as the check reads it: a declaration's method, path and access. */
export interface ObjectRoute {
  method: HttpMethod;
  path: string;
  access: Access;
}

/** Makes one kind of object as A; see test/e2e/reliability/object-factories.ts. */
export interface ObjectFactory<C> {
  /** Answers a value for every parameter of every route of the kind. */
  make(ctx: C): Promise<Record<string, string>>;
  /** Routes (`METHOD path`) another user may call on A's object by design, with why; not tried. */
  shared?: Record<string, string>;
  /** Bodies for writes an empty body would not get past validation (so the owner check is what answers). */
  bodies?: Record<string, unknown>;
  /** How A reads the object to see it unchanged; default `GET` of the kind's path. `null`: nothing to read. */
  read?: string | null;
  /** Fields of A's read that change without anyone writing. */
  volatile?: string[];
  /** False when other users may see the object in their lists. */
  private?: boolean;
}

/** Path parameters that name no user's object (a provider, a language, a public page's slug). */
const NOT_OBJECTS = new Set(['provider', 'token', 'lang', 'key', 'platform', 'slug']);

/** The kind of object a route names: its path up to its first object parameter, or null. */
export function kindOf(path: string): string | null {
  const segments = path.split('/');
  const at = segments.findIndex((s) => s.startsWith(':') && !NOT_OBJECTS.has(s.slice(1)));
  return at < 0 ? null : segments.slice(0, at + 1).join('/');
}

export const routeOf = (r: { method: string; path: string }) => `${r.method} ${r.path}`;

/** Reads, then writes, then deletes: a delete that wrongly succeeded would hide the writes' answers. */
const ORDER: Record<string, number> = { GET: 0, POST: 1, PUT: 1, PATCH: 1, DELETE: 2 };

/** B's acceptable answers: 404; 403 too for writes, for what needs a permission B lacks, and for keys a route refuses. */
export function allowedAnswers(route: ObjectRoute, by: 'token' | 'api key'): number[] {
  const access = route.access;
  const gated = access.kind === 'user' && (!!access.permission || !!access.roles?.length);
  const refusesKeys = by === 'api key' && access.kind === 'user' && (access.apiKeys === false || !access.scope);
  return route.method === 'GET' && !gated && !refusesKeys ? [404] : [403, 404];
}

export function fill(path: string, values: Record<string, string>): string {
  return path.replace(/:(\w+)/g, (_m, name: string) => {
    if (typeof values[name] !== 'string') throw new Error(`the factory of ${path} gave no ${name}`);
    return encodeURIComponent(values[name]);
  });
}

/** A's object as A reads it, without the fields that change on their own. */
function snapshot(response: ApiResponse, volatile: string[]): string {
  const strip = (value: unknown): unknown =>
    Array.isArray(value)
      ? value.map(strip)
      : value && typeof value === 'object'
        ? Object.fromEntries(
            Object.entries(value)
              .filter(([k]) => !volatile.includes(k))
              .map(([k, v]) => [k, strip(v)]),
          )
        : value;
  return `${response.status} ${JSON.stringify(strip(response.body))}`;
}

export interface OwnershipOptions<C> {
  api: ApiClient;
  /** Every route; those without an object parameter are left alone. */
  routes: readonly ObjectRoute[];
  factories: Record<string, ObjectFactory<C>>;
  ctx: C;
  ownerToken(): string;
  intruder: { token: string; apiKey?: string };
  /** List routes (no parameters) B reads; none may hold A's private ids. */
  lists: readonly string[];
}

export interface OwnershipReport {
  /** Kinds a route names that have no factory. */
  missingFactories: string[];
  /** Factories for kinds no route names any more. */
  staleFactories: string[];
  failures: string[];
  tried: number;
}

/** Runs the check; every finding is a line of `failures` (or a missing factory). */
export async function checkOwnership<C>(options: OwnershipOptions<C>): Promise<OwnershipReport> {
  const { api, factories } = options;
  const objectRoutes = options.routes.filter((r) => kindOf(r.path) !== null);
  const kinds = [...new Set(objectRoutes.map((r) => kindOf(r.path) as string))];
  const report: OwnershipReport = {
    missingFactories: kinds.filter((kind) => !factories[kind]),
    staleFactories: Object.keys(factories).filter((kind) => !kinds.includes(kind)),
    failures: [],
    tried: 0,
  };
  const privateIds: string[] = [];
  const credentials: ['token' | 'api key', { token?: string; apiKey?: string }][] = [['token', { token: options.intruder.token }]];
  if (options.intruder.apiKey) credentials.push(['api key', { apiKey: options.intruder.apiKey }]);
  for (const kind of kinds) {
    const factory = factories[kind];
    if (!factory) continue;
    let values: Record<string, string>;
    try {
      values = await factory.make(options.ctx);
    } catch (error) {
      report.failures.push(`${kind}: the factory failed: ${String(error)}`);
      continue;
    }
    if (factory.private !== false) privateIds.push(...Object.values(values));
    const readRoute = factory.read === undefined ? `GET ${kind}` : factory.read;
    const read = async () => {
      if (!readRoute) return null;
      const [method, path] = readRoute.split(' ');
      return snapshot(await api.request(method, fill(path, values), { token: options.ownerToken() }), factory.volatile ?? []);
    };
    const before = await read();
    if (before !== null && !before.startsWith('200 ')) report.failures.push(`${kind}: A cannot read it: ${before.slice(0, 200)}`);
    const routes = objectRoutes
      .filter((r) => kindOf(r.path) === kind && !factory.shared?.[routeOf(r)])
      .sort((a, b) => ORDER[a.method] - ORDER[b.method]);
    for (const route of routes) {
      const body = route.method === 'GET' || route.method === 'DELETE' ? undefined : (factory.bodies?.[routeOf(route)] ?? {});
      for (const [by, credential] of credentials) {
        report.tried += 1;
        const answer = await api.request(route.method, fill(route.path, values), { ...credential, body });
        const expected = allowedAnswers(route, by);
        if (!expected.includes(answer.status))
          report.failures.push(
            `${routeOf(route)} by ${by}: ${answer.status} (expected ${expected.join('/')}) ${answer.text.slice(0, 200)}`,
          );
      }
    }
    const after = await read();
    if (after !== before) report.failures.push(`${kind}: A's object changed:\n  before ${before}\n  after  ${after}`);
  }
  for (const list of options.lists) {
    const answer = await api.get(list, { token: options.intruder.token });
    const leaked = privateIds.filter((id) => answer.text.includes(id));
    if (leaked.length) report.failures.push(`GET ${list} lists A's ${leaked.join(', ')}`);
  }
  return report;
}
