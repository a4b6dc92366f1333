import 'reflect-metadata';
import { ChefList, EndpointDefinition } from '@sf/contracts';
import { ALL_ENDPOINTS } from '@sf/contracts';
import { ApiClient, registerUser, TestFleet } from '@sf/testing';
import { authService, coocookService, startFleet } from '../fleet';
import { registerChef } from '../coocook/coocook-helpers';

const APP_ORIGIN = 'https://app.softfactory.test';
const OTHER_ORIGIN = 'https://elsewhere.example';

/**
 * Declared here only, never in libs/contracts: the chef list under an old name, deprecated in
 * favour of the real one. The gateway of this suite serves it beside ALL_ENDPOINTS.
 */
const LEGACY_CHEF_LIST: EndpointDefinition<unknown, unknown, unknown> = {
  ...(ChefList as EndpointDefinition<unknown, unknown, unknown>),
  path: '/api/coocook/legacy-chefs',
  aliases: undefined,
  summary: 'The chef list under its old name (test only)',
  deprecated: { sunset: '2031-06-30', since: '2026-12-01', replacement: '/api/coocook/chefs' },
};

describe('versioned paths, Accept-Version, deprecation, CORS and security headers', () => {
  let fleet: TestFleet;
  let api: ApiClient;

  beforeAll(async () => {
    ({ fleet, api } = await startFleet(
      [authService, coocookService],
      { DEMO_MODE: 'false', CORS_ORIGINS: `${APP_ORIGIN},http://localhost:5173`, CORS_MAX_AGE_SECONDS: '900' },
      { endpoints: [...ALL_ENDPOINTS, LEGACY_CHEF_LIST] },
    ));
    await registerChef(api, { name: 'Versioned Chef', cuisine: 'Italian', location: 'Seoul' });
  });
  afterAll(() => fleet?.close());

  describe('versions', () => {
    it('answers /api/v1/coocook/chefs and /api/coocook/chefs the same', async () => {
      const query = { cuisine: 'Italian', location: 'Seoul' };
      const canonical = await api.get('/api/v1/coocook/chefs', { query });
      const alias = await api.get('/api/coocook/chefs', { query });
      expect(canonical.status).toBe(200);
      expect(canonical.body.total).toBe(1);
      expect(alias.status).toBe(200);
      expect(alias.body).toEqual(canonical.body);
    });

    it('serves the seeds’ other paths under /api/v1 too, and every guarded route there as at /api', async () => {
      const user = await registerUser(api);
      for (const path of ['/api/v1/auth/me', '/api/v1/auth/user', '/api/auth/me']) {
        const me = await api.get(path, { token: user.accessToken });
        expect({ path, status: me.status, id: me.body.id }).toEqual({ path, status: 200, id: user.id });
      }
      expect((await api.get('/api/v1/auth/me')).status).toBe(401);
      expect((await api.get('/api/v1/coocook/bookings')).status).toBe(401);
      const login = await api.post('/api/v1/auth/login', { email: user.email, password: user.password });
      expect(login.status).toBe(200);
    });

    it.each(['1', 'v1', 'V1'])('accepts Accept-Version: %s', async (version) => {
      const response = await api.get('/api/coocook/chefs', { headers: { 'Accept-Version': version } });
      expect(response.status).toBe(200);
    });

    it.each(['9', 'v2', 'latest', ''])('refuses Accept-Version: %p with 400 naming the supported versions', async (version) => {
      const response = await api.get('/api/coocook/chefs', { headers: { 'Accept-Version': version } });
      expect(response.status).toBe(400);
      expect(response.body.error).toMatchObject({ code: 'BAD_REQUEST', details: { supported_versions: ['1'] } });
      expect(response.body.error.message).toContain('v1');
      expect(response.headers.get('x-request-id')).toMatch(/^req_/);
    });

    it('refuses an unknown version in the path with the same 400', async () => {
      const response = await api.get('/api/v9/coocook/chefs');
      expect(response.status).toBe(400);
      expect(response.body.error.details).toEqual({ supported_versions: ['1'] });
    });

    it('documents each route at its canonical /api/v1 path, and lists the version-less one as its alias', async () => {
      const doc = await api.get('/api/openapi.json');
      expect(doc.status).toBe(200);
      expect(doc.body.paths['/api/v1/coocook/chefs'].get['x-alias-of']).toBeUndefined();
      expect(doc.body.paths['/api/coocook/chefs'].get['x-alias-of']).toBe('GET /api/v1/coocook/chefs');
    });
  });

  describe('a deprecated endpoint', () => {
    it('answers with Deprecation, Sunset (RFC 8594) and a Link to its replacement', async () => {
      for (const path of ['/api/coocook/legacy-chefs', '/api/v1/coocook/legacy-chefs']) {
        const response = await api.get(path, { query: { cuisine: 'Italian' } });
        expect(response.status).toBe(200);
        expect(response.body.chefs).toHaveLength(1);
        expect(response.headers.get('sunset')).toBe('Mon, 30 Jun 2031 00:00:00 GMT');
        expect(response.headers.get('deprecation')).toBe(`@${Date.parse('2026-12-01') / 1000}`);
        expect(response.headers.get('link')).toBe('</api/v1/coocook/chefs>; rel="successor-version"');
      }
    });

    it('carries them on its errors too, and the document marks it', async () => {
      const invalid = await api.get('/api/coocook/legacy-chefs', { query: { limit: 'many' } });
      expect(invalid.status).toBe(422);
      expect(invalid.headers.get('sunset')).toBe('Mon, 30 Jun 2031 00:00:00 GMT');
      const doc = await api.get('/api/openapi.json');
      expect(doc.body.paths['/api/v1/coocook/legacy-chefs'].get).toMatchObject({ deprecated: true, 'x-sunset': '2031-06-30' });
    });

    it('leaves endpoints that are not deprecated without those headers', async () => {
      const response = await api.get('/api/coocook/chefs');
      expect(response.headers.get('sunset')).toBeNull();
      expect(response.headers.get('deprecation')).toBeNull();
    });
  });

  describe('browsers', () => {
    const preflight = (origin: string, path = '/api/v1/coocook/bookings') =>
      fetch(`${fleet.baseUrl}${path}`, {
        method: 'OPTIONS',
        headers: {
          Origin: origin,
          'Access-Control-Request-Method': 'POST',
          'Access-Control-Request-Headers': 'authorization,content-type',
        },
      });

    it('answers a preflight from an allowed origin, cacheable, naming the headers an app needs', async () => {
      const response = await preflight(APP_ORIGIN);
      expect(response.status).toBe(204);
      expect(response.headers.get('access-control-allow-origin')).toBe(APP_ORIGIN);
      expect(response.headers.get('access-control-allow-methods')).toContain('POST');
      expect(response.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('authorization');
      expect(response.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('idempotency-key');
      expect(response.headers.get('access-control-max-age')).toBe('900');
      expect(response.headers.get('vary')).toContain('Origin');
    });

    it('gives a preflight from another origin no CORS headers at all', async () => {
      const response = await preflight(OTHER_ORIGIN);
      for (const [name] of response.headers) expect(name.startsWith('access-control-')).toBe(false);
      expect(response.status).toBe(404);
    });

    it('lets an allowed origin read the answer and its exposed headers; another origin gets none', async () => {
      const allowed = await api.get('/api/coocook/chefs', { headers: { Origin: APP_ORIGIN } });
      expect(allowed.status).toBe(200);
      expect(allowed.headers.get('access-control-allow-origin')).toBe(APP_ORIGIN);
      expect(allowed.headers.get('access-control-expose-headers')).toContain('X-Request-ID');
      expect(allowed.headers.get('access-control-allow-credentials')).toBeNull();
      const other = await api.get('/api/coocook/chefs', { headers: { Origin: OTHER_ORIGIN } });
      expect(other.status).toBe(200);
      expect(other.headers.get('access-control-allow-origin')).toBeNull();
    });

    it('sends helmet’s security headers on every answer', async () => {
      for (const response of [await api.get('/api/coocook/chefs'), await api.get('/api/nothing-here'), await api.get('/health/live')]) {
        expect(response.headers.get('x-content-type-options')).toBe('nosniff');
        expect(response.headers.get('strict-transport-security')).toContain('max-age=');
        expect(response.headers.get('x-frame-options')).toBe('SAMEORIGIN');
        expect(response.headers.get('content-security-policy')).toContain("default-src 'self'");
      }
    });

    it('marks authenticated answers Cache-Control: no-store, and leaves public ones alone', async () => {
      const user = await registerUser(api);
      const me = await api.get('/api/auth/me', { token: user.accessToken });
      expect(me.headers.get('cache-control')).toBe('no-store');
      const bookings = await api.get('/api/v1/coocook/bookings', { token: user.accessToken });
      expect(bookings.headers.get('cache-control')).toBe('no-store');
      const chefs = await api.get('/api/coocook/chefs');
      expect(chefs.headers.get('cache-control')).toBeNull();
    });

    it('still serves the Swagger UI page', async () => {
      const response = await fetch(`${fleet.baseUrl}/api/docs/`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-security-policy')).toContain('script-src');
    });
  });
});
