import 'reflect-metadata';
import { ALL_ENDPOINTS, EndpointDefinition } from '@sf/contracts';
import { buildOpenApiDocument } from './openapi-document';

type Json = Record<string, any>;
type Endpoint = EndpointDefinition<unknown, unknown, unknown>;

const METHODS = ['get', 'post', 'put', 'patch', 'delete'];
/** Documented once, at the canonical `/api/v1/...` path. */
const toOpenApiPath = (path: string) => path.replace(/^\/api\//, '/api/v1/').replace(/:(\w+)/g, '{$1}');

function operations(doc: Json): { path: string; method: string; op: Json }[] {
  return Object.entries(doc.paths as Record<string, Json>).flatMap(([path, item]) =>
    Object.entries(item)
      .filter(([method]) => METHODS.includes(method))
      .map(([method, op]) => ({ path, method, op: op as Json })),
  );
}

function routesOf(endpoint: Endpoint) {
  return [
    { method: endpoint.method, path: endpoint.path, alias: false },
    ...(endpoint.aliases ?? []).map((a) => ({ method: a.method ?? endpoint.method, path: a.path, alias: true })),
  ];
}

describe('buildOpenApiDocument', () => {
  const production = buildOpenApiDocument(ALL_ENDPOINTS, { demoMode: false, version: 'x' }) as Json;
  const demo = buildOpenApiDocument(ALL_ENDPOINTS, { demoMode: true, version: 'x' }) as Json;
  const demoOnlyPaths = ALL_ENDPOINTS.filter((e) => e.demoOnly).flatMap((e) => routesOf(e).map((r) => toOpenApiPath(r.path)));

  it('is an OpenAPI 3.1.0 document carrying the given version', () => {
    expect(production.openapi).toBe('3.1.0');
    expect(production.info.version).toBe('x');
    expect(production.components.securitySchemes).toHaveProperty('bearerAuth');
  });

  it('leaves the demo-only mock routes out without demo mode, and lists them with it', () => {
    expect(demoOnlyPaths.length).toBeGreaterThan(0);
    for (const path of demoOnlyPaths) {
      expect(production.paths).not.toHaveProperty([path]);
      expect(demo.paths).toHaveProperty([path]);
    }
    expect(Object.keys(production.paths).filter((p) => p.includes('/mock'))).toEqual([]);
  });

  it('lists every route of every other endpoint, aliases included', () => {
    for (const endpoint of ALL_ENDPOINTS.filter((e) => !e.demoOnly)) {
      for (const route of routesOf(endpoint)) {
        expect({ route, documented: !!production.paths[toOpenApiPath(route.path)]?.[route.method.toLowerCase()] }).toEqual({
          route,
          documented: true,
        });
      }
    }
    const declared = ALL_ENDPOINTS.filter((e) => !e.demoOnly).flatMap((e) => routesOf(e)).length;
    // Each listed once at /api/v1 and once, as its alias, at the version-less path.
    const canonical = operations(production).filter((o) => !o.path.startsWith('/api/') || o.path.startsWith('/api/v1/'));
    expect(canonical).toHaveLength(declared);
  });

  it('marks aliases deprecated, and only aliases', () => {
    let aliases = 0;
    for (const endpoint of ALL_ENDPOINTS.filter((e) => !e.demoOnly)) {
      for (const route of routesOf(endpoint)) {
        const op = production.paths[toOpenApiPath(route.path)][route.method.toLowerCase()];
        expect({ path: route.path, deprecated: op.deprecated === true }).toEqual({ path: route.path, deprecated: route.alias });
        if (route.alias) aliases++;
      }
    }
    expect(aliases).toBeGreaterThan(0);
    expect(production.paths['/api/v1/auth/user'].get.deprecated).toBe(true);
    expect(production.paths['/api/v1/auth/me'].get.deprecated).toBeUndefined();
  });

  it('gives every operation a unique operationId', () => {
    for (const doc of [production, demo]) {
      const ids = operations(doc).map(({ op }) => op.operationId as string);
      expect(ids.every((id) => typeof id === 'string' && /^[A-Za-z0-9]+$/.test(id))).toBe(true);
      expect(new Set(ids).size).toBe(ids.length);
    }
  });

  it('gives public routes `security: []` and the others bearer auth (plus API keys where a scope allows them)', () => {
    for (const endpoint of ALL_ENDPOINTS) {
      for (const route of routesOf(endpoint)) {
        const op = demo.paths[toOpenApiPath(route.path)][route.method.toLowerCase()];
        if (endpoint.access.kind === 'public' && endpoint.access.identifies) {
          // Open to anyone, and credentials sent are read: optional auth, and 401 for a bad one.
          expect(op.security).toEqual([{}, { bearerAuth: [] }, { apiKeyHeader: [] }, { apiKeyQuery: [] }]);
          expect(op.responses).toHaveProperty('401');
          continue;
        }
        if (endpoint.access.kind === 'public') {
          expect({ path: route.path, security: op.security }).toEqual({ path: route.path, security: [] });
          continue;
        }
        expect(op.security).toContainEqual({ bearerAuth: [] });
        const keys = endpoint.access.apiKeys !== false && !!endpoint.access.scope;
        expect({ path: route.path, keys: op.security.some((s: Json) => 'apiKeyHeader' in s) }).toEqual({ path: route.path, keys });
        expect(op.responses).toHaveProperty('401');
      }
    }
  });

  it('points request bodies and responses at schemas that exist', () => {
    const schemas = production.components.schemas as Json;
    for (const { op } of operations(production)) {
      const refs = [
        op.requestBody?.content?.['application/json']?.schema?.$ref,
        ...Object.values(op.responses as Json).map((r: Json) => r.content?.['application/json']?.schema?.$ref),
      ].filter((ref): ref is string => typeof ref === 'string');
      for (const ref of refs) expect(schemas).toHaveProperty([ref.replace('#/components/schemas/', '')]);
    }
    expect(production.paths['/api/v1/auth/register'].post.requestBody.content['application/json'].schema.$ref).toBe(
      '#/components/schemas/RegisterDto',
    );
    expect(Object.keys(schemas.RegisterDto.properties)).toEqual(expect.arrayContaining(['email', 'password', 'name']));
  });

  it('documents path parameters as required, and the declared success status', () => {
    for (const endpoint of ALL_ENDPOINTS.filter((e) => !e.demoOnly)) {
      for (const route of routesOf(endpoint)) {
        const op = production.paths[toOpenApiPath(route.path)][route.method.toLowerCase()];
        expect(op.responses).toHaveProperty([String(endpoint.redirect ? 302 : endpoint.status)]);
        const names = [...route.path.matchAll(/:(\w+)/g)].map((m) => m[1]);
        const inPath = (op.parameters as Json[]).filter((p) => p.in === 'path');
        expect(inPath.map((p) => p.name)).toEqual(names);
        expect(inPath.every((p) => p.required === true)).toBe(true);
      }
    }
    const provider = production.paths['/api/v1/auth/oauth/{provider}/url'].get.parameters.find((p: Json) => p.name === 'provider');
    expect(provider.schema.enum).toEqual(['google', 'facebook', 'kakao']);
  });

  it('documents each route at its /api/v1 path, and lists the version-less path as its alias', () => {
    const paths = Object.keys(production.paths);
    const unversioned = paths.filter((p) => p.startsWith('/api/') && !p.startsWith('/api/v1/'));
    expect(unversioned.length).toBeGreaterThan(50);
    for (const path of unversioned) {
      for (const [method, op] of Object.entries<Json>(production.paths[path])) {
        expect(op['x-alias-of']).toMatch(/^[A-Z]+ \/api\/v1\//);
        expect(production.paths[path.replace(/^\/api\//, '/api/v1/')]?.[method]).toBeDefined();
      }
    }
    expect(production.info.description).toContain('/api/v1/');
  });

  it('marks a deprecated endpoint, with its sunset and replacement', () => {
    const legacy: Endpoint = {
      ...(ALL_ENDPOINTS.find((e) => e.path === '/api/payment/plans') as Endpoint),
      path: '/api/payment/legacy-plans',
      aliases: undefined,
      deprecated: { sunset: '2032-01-01', replacement: '/api/payment/plans' },
    };
    const doc = buildOpenApiDocument([legacy], { demoMode: false, version: 'x' }) as Json;
    const op = doc.paths['/api/v1/payment/legacy-plans'].get;
    expect(op).toMatchObject({ deprecated: true, 'x-sunset': '2032-01-01' });
    expect(op.description).toContain('/api/payment/plans');
    expect(production.paths['/api/v1/payment/plans'].get.deprecated).toBeUndefined();
  });

  it('lists 429 on limited routes only', () => {
    expect(production.paths['/api/v1/auth/.well-known/jwks.json'].get.responses).not.toHaveProperty('429');
    expect(production.paths['/api/v1/auth/login'].post.responses).toHaveProperty('429');
    expect(production.paths['/api/v1/auth/me'].get.responses).toHaveProperty('429');
  });

  it('documents the HTML pages a browser sending a form gets, beside the JSON, on form routes only', () => {
    const formOps = operations(production).filter(({ op }) => op.requestBody?.content?.['application/x-www-form-urlencoded']);
    expect(formOps.length).toBeGreaterThan(0);
    for (const { op } of formOps) {
      expect(Object.keys(op.responses['201'].content)).toEqual(['application/json', 'text/html']);
      expect(Object.keys(op.responses['422'].content)).toEqual(['application/json', 'text/html']);
    }
    expect(production.paths['/api/v1/auth/login'].post.responses['422'].content).not.toHaveProperty('text/html');
  });
});
