import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { getMetadataStorage } from 'class-validator';
import { ALL_ENDPOINTS, ClassOf } from '@sf/contracts';
import { registerUser } from '@sf/testing';
import { FullFleet, startFullFleet } from '../full-fleet';

/** Every served route, each path parameter filled with a value that names nothing. */
const ROUTES = ALL_ENDPOINTS.flatMap((endpoint) =>
  [
    { method: endpoint.method, path: endpoint.path },
    ...(endpoint.aliases ?? []).map((a) => ({ method: a.method ?? endpoint.method, path: a.path })),
  ].map((route) => ({
    body: endpoint.body,
    ...route,
    url: route.path.replace(/:(\w+)/g, (_m, name: string) => (name === 'provider' ? 'google' : randomUUID())),
  })),
);

/** Bodies and queries a careless or hostile client sends: wrong types, nesting, operators. */
const BODIES: unknown[] = [
  [],
  'text',
  null,
  { id: { $ne: null }, email: ['a', 'b'], page: -1, limit: 1e9, amount: '1; DROP TABLE users', rating: 6.5, status: {} },
  { chef_id: 'not-a-uuid', booking_date: 'yesterday', duration_hours: -3, product_id: 'one', plan_type: 'weekly', category: 'exe' },
];
/** The declared body's every field set to text Postgres cannot store or validators cannot read. */
function unstorableBodies(body: ClassOf<unknown> | undefined): unknown[] {
  if (!body) return [];
  const fields = [
    ...new Set(
      getMetadataStorage()
        .getTargetValidationMetadatas(body, '', true, false)
        .map((m) => m.propertyName),
    ),
  ];
  return ['x\u0000y', 'a\ud800@example.test'].map((text) => Object.fromEntries(fields.map((field) => [field, text])));
}

const QUERY = '?page=abc&limit=-5&per_page=0&offset=-1&sort=-nope&sort_by=__proto__&order=sideways&date_from=notadate&min_rating=x';

describe('no declared route answers a malformed request with a server error or a hang', () => {
  let env: FullFleet;

  beforeAll(async () => {
    env = await startFullFleet({ DEMO_MODE: 'false' });
  }, 60_000);
  afterAll(() => env?.close());

  // Signed in, each route gets a user of its own: some of them (logout, account deletion) end
  // the session they are called with.
  it.each([
    ['anonymous', async () => undefined],
    ['signed in', async () => (await registerUser(env.api)).accessToken],
  ])(
    'answers every route with a 4xx or a success, %s',
    async (_who, token) => {
      const failures: string[] = [];
      for (const route of ROUTES) {
        const bearer = await token();
        for (const body of route.method === 'GET' ? [undefined] : [...BODIES, ...unstorableBodies(route.body)]) {
          const response = await env.api.request(route.method, `${route.url}${QUERY}`, { token: bearer, body });
          if (response.status >= 500)
            failures.push(`${route.method} ${route.path} ${JSON.stringify(body)} → ${response.status} ${response.text.slice(0, 200)}`);
        }
      }
      expect(failures).toEqual([]);
    },
    120_000,
  );
});
