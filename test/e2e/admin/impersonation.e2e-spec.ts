import { ApiClient, registerUser, RegisteredUser, TestFleet } from '@sf/testing';
import { adminService, authService, coocookService, startFleet } from '../fleet';
import { adminEmail, registerFirstAdmin } from './admin-helpers';

describe('impersonation: a short token acting as a user, refused where it must be, every call audited', () => {
  let fleet: TestFleet;
  let api: ApiClient;
  let root: RegisteredUser;
  let user: RegisteredUser;
  let token: string;
  const email = adminEmail();

  beforeAll(async () => {
    ({ fleet, api } = await startFleet([authService, adminService, coocookService], { DEMO_MODE: 'false', ADMIN_EMAILS: email }));
    root = await registerFirstAdmin(api, email);
    user = await registerUser(api, { name: 'Impersonated Person' });
    const started = await api.post(`/api/admin/users/${user.id}/impersonate`, {}, { token: root.accessToken });
    expect(started.status).toBe(200);
    token = started.body.access_token;
  });
  afterAll(() => fleet?.close());

  it('answers a 15-minute token naming the admin in `act`, with no refresh token', async () => {
    const started = await api.post(`/api/admin/users/${user.id}/impersonate`, {}, { token: root.accessToken });
    expect(started.body).toMatchObject({ token_type: 'Bearer', expires_in: 900, impersonator_id: root.id, user: { id: user.id } });
    expect(started.body).not.toHaveProperty('refresh_token');
    const claims = JSON.parse(Buffer.from(started.body.access_token.split('.')[1], 'base64url').toString());
    expect(claims).toMatchObject({ sub: user.id, act: { sub: root.id } });
    expect(claims.exp - claims.iat).toBe(900);
  });

  it('works on product routes, as the user', async () => {
    const me = await api.get('/api/auth/me', { token });
    expect(me.status).toBe(200);
    expect(me.body.id).toBe(user.id);
    const list = await api.post('/api/shopping-list', { name: 'Made while impersonating' }, { token });
    expect(list.status).toBe(201);
    const own = await api.get(`/api/shopping-list/${list.body.id}`, { token: user.accessToken });
    expect(own.status).toBe(200);
  });

  it('is refused on admin and account-security routes', async () => {
    const refused = [
      ['GET', '/api/admin/users'],
      ['GET', '/api/rbac/roles'],
      ['POST', '/api/settings/password'],
      ['PUT', '/api/auth/password'],
      ['POST', '/api/auth/2fa/setup'],
      ['POST', '/api/settings/api-keys'],
      ['GET', '/api/settings/api-keys'],
      ['DELETE', '/api/auth/account'],
    ] as const;
    for (const [method, path] of refused) {
      const response = await api.request(method, path, { token, body: method === 'GET' ? undefined : {} });
      expect({ method, path, status: response.status }).toEqual({ method, path, status: 403 });
      expect(response.body.error.message).toMatch(/impersonating/);
    }
    // The account is as it was.
    expect((await api.post('/api/auth/login', { email: user.email, password: user.password })).status).toBe(200);
  });

  it('puts each call made with it in the audit log with both ids', async () => {
    await api.get('/api/auth/me', { token, headers: { 'X-Request-ID': 'req_impersonated_me' } });
    const lines = await api.get('/api/admin/audit-logs', { token: root.accessToken, query: { action: 'impersonation.call', limit: 100 } });
    expect(lines.status).toBe(200);
    const me = lines.body.logs.find((l: any) => l.request_id === 'req_impersonated_me');
    expect(me).toMatchObject({
      actor_id: user.id,
      impersonator_id: root.id,
      user_id: user.id,
      resource_type: 'endpoint',
      resource_id: 'auth.users.me',
      details: { method: 'GET', path: '/api/auth/me' },
    });
    const paths = lines.body.logs.map((l: any) => `${l.details.method} ${l.details.path}`);
    expect(paths).toEqual(expect.arrayContaining(['POST /api/shopping-list', 'GET /api/auth/me']));
    const started = await api.get('/api/admin/audit-logs', { token: root.accessToken, query: { action: 'admin.impersonation.started' } });
    expect(started.body.logs[0]).toMatchObject({ actor_id: root.id, user_id: user.id });
    // Filtering by the admin finds what was done in their name too.
    const byAdmin = await api.get('/api/admin/audit-logs', {
      token: root.accessToken,
      query: { user_id: root.id, action: 'impersonation.call' },
    });
    expect(byAdmin.body.total).toBe(lines.body.total);
  });

  it('never acts as an admin or as oneself; a plain user cannot start one', async () => {
    const other = await registerUser(api);
    await api.put(`/api/admin/users/${other.id}/role`, { role: 'admin' }, { token: root.accessToken });
    const admin = await api.post(`/api/admin/users/${other.id}/impersonate`, {}, { token: root.accessToken });
    expect(admin.status).toBe(403);
    const self = await api.post(`/api/admin/users/${root.id}/impersonate`, {}, { token: root.accessToken });
    expect(self.status).toBe(403);
    const plain = await api.post(`/api/admin/users/${user.id}/impersonate`, {}, { token: user.accessToken });
    expect(plain.status).toBe(403);
    const chained = await api.post(`/api/admin/users/${other.id}/impersonate`, {}, { token });
    expect(chained.status).toBe(403);
  });

  it("ends with the user's sessions when the user is banned", async () => {
    const target = await registerUser(api);
    const started = await api.post(`/api/admin/users/${target.id}/impersonate`, {}, { token: root.accessToken });
    expect((await api.get('/api/auth/me', { token: started.body.access_token })).status).toBe(200);
    await api.post(`/api/admin/users/${target.id}/ban`, { reason: 'Fraud' }, { token: root.accessToken });
    expect((await api.get('/api/auth/me', { token: started.body.access_token })).status).toBe(401);
  });
});
