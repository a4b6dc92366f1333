import { ALL_ENDPOINTS, EndpointDefinition } from '@sf/contracts';
import { ApiResponse, RegisteredUser } from '@sf/testing';
import { adminEmail, registerFirstAdmin } from '../admin/admin-helpers';
import { FullFleet, startFullFleet } from '../full-fleet';
import { payCheckout } from '../payment-fleet';
import { FactoryContext, OBJECT_FACTORIES, subscribedUser } from './object-factories';

/** Path parameters that name no user's object (a provider, a language, a public page's slug). */
const NOT_OBJECTS = new Set(['provider', 'token', 'lang', 'key', 'platform', 'slug']);

/** The kind of object a route names: its path up to its first object parameter, or null. */
export function kindOf(path: string): string | null {
  const segments = path.split('/');
  const at = segments.findIndex((s) => s.startsWith(':') && !NOT_OBJECTS.has(s.slice(1)));
  return at < 0 ? null : segments.slice(0, at + 1).join('/');
}

type Endpoint = EndpointDefinition<unknown, unknown, unknown>;
const routeOf = (e: Endpoint) => `${e.method} ${e.path}`;
const OBJECT_ROUTES = ALL_ENDPOINTS.filter((e) => kindOf(e.path) !== null);
const KINDS = [...new Set(OBJECT_ROUTES.map((e) => kindOf(e.path) as string))];

/** Reads, then writes, then deletes: a delete that wrongly succeeded would hide the writes' answers. */
const ORDER: Record<string, number> = { GET: 0, POST: 1, PUT: 1, PATCH: 1, DELETE: 2 };

/** Which answers B may get for a route: 404 always; 403 for writes, for what needs a permission B lacks, and for keys a route refuses. */
function allowed(endpoint: Endpoint, by: 'token' | 'api key'): number[] {
  const access = endpoint.access;
  const gated = access.kind === 'user' && (!!access.permission || !!access.roles?.length);
  const refusesKeys = by === 'api key' && access.kind === 'user' && (access.apiKeys === false || !access.scope);
  return endpoint.method === 'GET' && !gated && !refusesKeys ? [404] : [403, 404];
}

function fill(path: string, values: Record<string, string>): string {
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

describe('two users: B, by token and by API key, never reaches an object of A’s on any declared route', () => {
  let env: FullFleet;
  let ctx: FactoryContext;
  let intruder: RegisteredUser;
  let intruderKey: string;
  const email = adminEmail();

  beforeAll(async () => {
    env = await startFullFleet({
      DEMO_MODE: 'false',
      ADMIN_EMAILS: email,
      WEBHOOK_ALLOWED_HOSTS: '127.0.0.1',
      REVIEW_SOURCE_MIN_INTERVAL_MS: '0',
    });
    const api = env.api;
    const admin = await registerFirstAdmin(api, email);
    const [owner, third] = await Promise.all([subscribedUser(api, payCheckout), subscribedUser(api, payCheckout)]);
    intruder = await subscribedUser(api, payCheckout);
    const key = await api.post(
      '/api/settings/api-keys',
      {
        name: 'intruder',
        permissions: ['read:profile', 'write:profile', 'read:payment', 'write:payment', 'read:sns', 'write:sns'].concat([
          'read:review',
          'write:review',
          'read:coocook',
          'write:coocook',
          'read:files',
          'write:files',
        ]),
      },
      { token: intruder.accessToken },
    );
    expect(key.status).toBe(201);
    intruderKey = key.body.key;
    ctx = { env, api, owner, third, admin };
  }, 180_000);
  afterAll(() => env?.close());

  it('has a factory for every kind of object a declared route names (a new route adds its factory)', () => {
    expect(OBJECT_ROUTES.length).toBeGreaterThan(100);
    expect(KINDS.filter((kind) => !OBJECT_FACTORIES[kind])).toEqual([]);
    // A factory for a kind no route names any more is stale.
    expect(Object.keys(OBJECT_FACTORIES).filter((kind) => !KINDS.includes(kind))).toEqual([]);
  });

  it('answers B 404 on reads and 403/404 on writes, leaves A’s objects unchanged, and B’s lists never hold them', async () => {
    const api = env.api;
    const failures: string[] = [];
    const privateIds: string[] = [];
    let tried = 0;
    for (const kind of KINDS) {
      const factory = OBJECT_FACTORIES[kind];
      if (!factory) continue; // reported by the test above
      let values: Record<string, string>;
      try {
        values = await factory.make(ctx);
      } catch (error) {
        failures.push(`${kind}: the factory failed: ${String(error)}`);
        continue;
      }
      if (factory.private !== false) privateIds.push(...Object.values(values));
      const readRoute = factory.read === undefined ? `GET ${kind}` : factory.read;
      const read = async () => {
        if (!readRoute) return null;
        const [method, path] = readRoute.split(' ');
        return snapshot(await api.request(method, fill(path, values), { token: ctx.owner.accessToken }), factory.volatile ?? []);
      };
      const before = await read();
      if (before !== null && !before.startsWith('200 ')) failures.push(`${kind}: A cannot read it: ${before.slice(0, 200)}`);
      const routes = OBJECT_ROUTES.filter((e) => kindOf(e.path) === kind && !factory.shared?.[routeOf(e)]).sort(
        (a, b) => ORDER[a.method] - ORDER[b.method],
      );
      for (const endpoint of routes) {
        const route = routeOf(endpoint);
        const body = endpoint.method === 'GET' || endpoint.method === 'DELETE' ? undefined : (factory.bodies?.[route] ?? {});
        for (const [by, credential] of [
          ['token', { token: intruder.accessToken }],
          ['api key', { apiKey: intruderKey }],
        ] as const) {
          tried += 1;
          const answer = await api.request(endpoint.method, fill(endpoint.path, values), { ...credential, body });
          const expected = allowed(endpoint, by);
          if (!expected.includes(answer.status))
            failures.push(`${route} by ${by}: ${answer.status} (expected ${expected.join('/')}) ${answer.text.slice(0, 200)}`);
        }
      }
      const after = await read();
      if (after !== before) failures.push(`${kind}: A's object changed:\n  before ${before}\n  after  ${after}`);
    }

    // B's lists: every GET without path parameters B may call.
    const lists = ALL_ENDPOINTS.filter((e) => e.method === 'GET' && !e.path.includes(':') && e.access.kind === 'user');
    for (const list of lists) {
      const answer = await api.get(list.path, { token: intruder.accessToken });
      const leaked = privateIds.filter((id) => answer.text.includes(id));
      if (leaked.length) failures.push(`GET ${list.path} lists A's ${leaked.join(', ')}`);
    }
    expect(failures).toEqual([]);
    expect(tried).toBeGreaterThan(150);
  }, 600_000);
});
