import 'reflect-metadata';
import { randomBytes, randomUUID } from 'node:crypto';
import { ALL_ENDPOINTS, EndpointDefinition } from '@sf/contracts';
import { ApiClient, registerUser, RegisteredUser, TestFleet } from '@sf/testing';
import { startAuthFleet } from '../fleet';

type Endpoint = EndpointDefinition<unknown, unknown, unknown>;
interface Route {
  method: string;
  path: string;
  alias: boolean;
  endpoint: Endpoint;
}

/** Every served route of every declared endpoint: the main path, then each alias. */
const ROUTES: Route[] = ALL_ENDPOINTS.flatMap((endpoint) => [
  { method: endpoint.method, path: endpoint.path, alias: false, endpoint },
  ...(endpoint.aliases ?? []).map((a) => ({ method: a.method ?? endpoint.method, path: a.path, alias: true, endpoint })),
]);

/** A value each path parameter would accept, so only the credentials are wrong. */
function concretePath(path: string): string {
  return path.replace(/:(\w+)/g, (_m, name: string) => {
    if (name === 'token') return randomBytes(30).toString('base64url').slice(0, 40);
    if (name === 'provider') return 'google';
    return randomUUID();
  });
}

const label = (r: Route) => `${r.method} ${r.path}${r.alias ? ' (alias)' : ''}`;
const guarded = ROUTES.filter((r) => r.endpoint.access.kind !== 'public');
/** Routes an API key can never open: keys are refused outright, or the route names no scope for them. */
const keyless = guarded.filter(
  (r) => r.endpoint.access.kind === 'user' && (r.endpoint.access.apiKeys === false || !r.endpoint.access.scope),
);
/** Documented once, at the canonical `/api/v1/...` path. */
const toOpenApiPath = (path: string) => path.replace(/^\/api\//, '/api/v1/').replace(/:(\w+)/g, '{$1}');

describe('route guard and API description, for every declared endpoint', () => {
  let fleet: TestFleet;
  let api: ApiClient;
  let owner: RegisteredUser;
  let readProfileKey: string;

  beforeAll(async () => {
    ({ fleet, api } = await startAuthFleet());
    owner = await registerUser(api);
    const created = await api.post(
      '/api/settings/api-keys',
      { name: 'guard test', permissions: ['read:profile'] },
      { token: owner.accessToken },
    );
    expect(created.status).toBe(201);
    readProfileKey = created.body.key;
  });
  afterAll(() => fleet?.close());

  it('has routes of each kind to check', () => {
    expect(guarded.length).toBeGreaterThan(10);
    expect(keyless.length).toBeGreaterThan(5);
  });

  describe('without credentials', () => {
    it.each(guarded.map((r) => [label(r), r] as const))('%s answers 401 UNAUTHORIZED', async (_label, route) => {
      const response = await api.request(route.method, concretePath(route.path));
      expect({ status: response.status, code: response.body?.error?.code }).toEqual({ status: 401, code: 'UNAUTHORIZED' });
      expect(response.body.meta.request_id).toBe(response.headers.get('x-request-id'));
    });

    it.each(guarded.map((r) => [label(r), r] as const))(
      '%s answers 401 to an empty bearer token and to a revoked-looking API key',
      async (_label, route) => {
        for (const authorization of ['Bearer ', 'ApiKey sk_live_not_a_key_at_all_000000']) {
          const response = await api.request(route.method, concretePath(route.path), { headers: { Authorization: authorization } });
          expect({ authorization, status: response.status }).toEqual({ authorization, status: 401 });
        }
      },
    );
  });

  describe('with an API key', () => {
    it.each(keyless.map((r) => [label(r), r] as const))('%s answers 403 FORBIDDEN to a valid key', async (_label, route) => {
      const response = await api.request(route.method, concretePath(route.path), { apiKey: readProfileKey });
      expect({ status: response.status, code: response.body?.error?.code }).toEqual({ status: 403, code: 'FORBIDDEN' });
    });

    it('opens the routes whose scope the key holds, by header and by ?api_key=', async () => {
      for (const path of ['/api/auth/me', '/api/auth/user', '/api/settings/profile']) {
        const response = await api.get(path, { apiKey: readProfileKey });
        expect({ path, status: response.status }).toEqual({ path, status: 200 });
        expect(response.body.id).toBe(owner.id);
      }
      const byQuery = await api.get('/api/auth/me', { query: { api_key: readProfileKey } });
      expect(byQuery.status).toBe(200);
      expect(byQuery.body.id).toBe(owner.id);
    });

    it('refuses a route whose scope the key lacks with 403', async () => {
      const response = await api.put('/api/auth/profile', { name: 'Changed by key' }, { apiKey: readProfileKey });
      expect(response.status).toBe(403);
      expect(response.body.error.code).toBe('FORBIDDEN');
      const me = await api.get('/api/auth/me', { token: owner.accessToken });
      expect(me.body.name).toBe(owner.name);
    });
  });

  describe('OpenAPI document and Swagger UI', () => {
    let doc: any;

    beforeAll(async () => {
      const response = await api.get('/api/openapi.json');
      expect(response.status).toBe(200);
      doc = response.body;
    });

    it('is OpenAPI 3.1.0', () => {
      expect(doc.openapi).toBe('3.1.0');
      expect(typeof doc.info.version).toBe('string');
    });

    it.each(ROUTES.map((r) => [label(r), r] as const))('documents %s', (_label, route) => {
      const operation = doc.paths?.[toOpenApiPath(route.path)]?.[route.method.toLowerCase()];
      expect(operation).toBeDefined();
      expect(operation.deprecated === true).toBe(route.alias);
      expect(operation.responses).toHaveProperty(String(route.endpoint.redirect ? 302 : route.endpoint.status));
      const access = route.endpoint.access;
      if (access.kind === 'public' && !access.identifies) expect(operation.security).toEqual([]);
      else expect(operation.security).toContainEqual({ bearerAuth: [] });
      // Open to anyone, reading credentials sent: no credentials is one of the options.
      if (access.kind === 'public' && access.identifies) expect(operation.security[0]).toEqual({});
      const pathParams = [...route.path.matchAll(/:(\w+)/g)].map((m) => m[1]);
      const documentedPathParams = (operation.parameters ?? []).filter((p: any) => p.in === 'path').map((p: any) => p.name);
      expect(documentedPathParams.sort()).toEqual(pathParams.sort());
    });

    it('documents nothing that is not declared (version-less paths as aliases of declared ones)', () => {
      const declared = new Set(
        ROUTES.flatMap((r) => [
          `${r.method.toLowerCase()} ${toOpenApiPath(r.path)}`,
          `${r.method.toLowerCase()} ${toOpenApiPath(r.path).replace(/^\/api\/v1\//, '/api/')}`,
        ]),
      );
      const documented = Object.entries(doc.paths as Record<string, Record<string, unknown>>).flatMap(([path, ops]) =>
        Object.keys(ops).map((method) => `${method} ${path}`),
      );
      expect(documented.filter((op) => !declared.has(op))).toEqual([]);
    });

    it('points every request body at a schema in components.schemas', () => {
      const withBody = ROUTES.filter((r) => r.endpoint.body);
      expect(withBody.length).toBeGreaterThan(5);
      for (const route of withBody) {
        const operation = doc.paths[toOpenApiPath(route.path)][route.method.toLowerCase()];
        const ref: string = operation.requestBody?.content?.['application/json']?.schema?.$ref;
        expect({ route: label(route), ref }).toEqual({ route: label(route), ref: `#/components/schemas/${route.endpoint.body!.name}` });
        expect(doc.components.schemas).toHaveProperty(route.endpoint.body!.name);
      }
    });

    it('has no dangling $ref anywhere', () => {
      const dangling: string[] = [];
      const walk = (node: unknown): void => {
        if (Array.isArray(node)) return node.forEach(walk);
        if (!node || typeof node !== 'object') return;
        for (const [key, value] of Object.entries(node)) {
          if (key === '$ref' && typeof value === 'string') {
            const name = value.replace('#/components/schemas/', '');
            if (!value.startsWith('#/components/schemas/') || !doc.components.schemas[name]) dangling.push(value);
          } else walk(value);
        }
      };
      walk(doc);
      expect(dangling).toEqual([]);
    });

    it('describes RegisterDto with email, password and name, all required', () => {
      const schema = doc.components.schemas.RegisterDto;
      expect(Object.keys(schema.properties)).toEqual(expect.arrayContaining(['email', 'password', 'name']));
      expect(schema.required).toEqual(expect.arrayContaining(['email', 'password', 'name']));
    });

    it('serves Swagger UI at /api/docs', async () => {
      const response = await fetch(`${fleet.baseUrl}/api/docs`, { redirect: 'manual' });
      expect([200, 301, 302]).toContain(response.status);
      const page = await fetch(`${fleet.baseUrl}/api/docs`); // follows redirects
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toMatch(/text\/html/);
      expect(await page.text()).toMatch(/swagger/i);
    });
  });
});
