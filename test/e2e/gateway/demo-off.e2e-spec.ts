import 'reflect-metadata';
import { ALL_ENDPOINTS } from '@sf/contracts';
import { ApiClient, registerUser, TestFleet } from '@sf/testing';
import { startAuthFleet } from '../fleet';

const MOCK_PATHS = ['/api/auth/oauth/mock', '/api/auth/oauth/mock/login'];

describe('gateway with DEMO_MODE=false', () => {
  let fleet: TestFleet;
  let api: ApiClient;

  beforeAll(async () => {
    ({ fleet, api } = await startAuthFleet({ DEMO_MODE: 'false' }));
  });
  afterAll(() => fleet?.close());

  it('declares the mock OAuth routes as demo-only (premise)', () => {
    const demoOnly = ALL_ENDPOINTS.filter((e) => e.demoOnly).map((e) => e.path);
    expect(demoOnly.sort()).toEqual([...MOCK_PATHS].sort());
  });

  it('refuses Bearer demo_token with 401 on every route that takes a user', async () => {
    for (const path of ['/api/auth/me', '/api/auth/user', '/api/settings/profile']) {
      const response = await api.get(path, { token: 'demo_token' });
      expect({ path, status: response.status, code: response.body?.error?.code }).toEqual({ path, status: 401, code: 'UNAUTHORIZED' });
    }
    const logout = await api.post('/api/auth/logout', {}, { token: 'demo_token' });
    expect(logout.status).toBe(401);
  });

  it('cannot sign in as the demo user with the default demo password either', async () => {
    const response = await api.post('/api/auth/login', { email: 'demo@softfactory.dev', password: 'demo-password-2026' });
    expect(response.status).toBe(401);
  });

  it('answers GET /api/auth/oauth/mock with 404 NOT_FOUND', async () => {
    const response = await api.get('/api/auth/oauth/mock');
    expect(response.status).toBe(404);
    expect(response.body.error.code).toBe('NOT_FOUND');
    expect(response.body).not.toHaveProperty('access_token');
  });

  it('answers POST /api/auth/oauth/mock/login with 404 NOT_FOUND', async () => {
    const response = await api.post('/api/auth/oauth/mock/login', { email: 'someone@example.test', name: 'Someone' });
    expect(response.status).toBe(404);
    expect(response.body.error.code).toBe('NOT_FOUND');
    expect(response.body).not.toHaveProperty('access_token');
  });

  it('leaves the mock routes out of the OpenAPI document and keeps the rest', async () => {
    const response = await api.get('/api/openapi.json');
    expect(response.status).toBe(200);
    const paths = Object.keys(response.body.paths);
    for (const path of MOCK_PATHS) expect(paths).not.toContain(path.replace('/api/', '/api/v1/'));
    expect(paths).toEqual(expect.arrayContaining(['/api/v1/auth/login', '/api/v1/auth/me', '/api/v1/auth/oauth/{provider}/url']));
  });

  it('still serves real accounts', async () => {
    const user = await registerUser(api);
    const me = await api.get('/api/auth/me', { token: user.accessToken });
    expect(me.status).toBe(200);
    expect(me.body.email).toBe(user.email);
  });
});
