import { ApiClient, eventually, registerUser, TestFleet } from '@sf/testing';
import { adminService, authService, startFleet } from '../fleet';

describe('the first admin in demo mode', () => {
  let fleet: TestFleet;
  let api: ApiClient;

  beforeAll(async () => {
    ({ fleet, api } = await startFleet([authService, adminService], { DEMO_MODE: 'true' }));
  });
  afterAll(() => fleet?.close());

  it('is the demo user: demo_token opens the RBAC and admin routes, and nobody else is admin', async () => {
    await eventually(async () => {
      const roles = await api.get('/api/rbac/roles', { token: 'demo_token' });
      expect(roles.status).toBe(200);
    }, 15_000);
    const me = await api.get('/api/auth/me', { token: 'demo_token' });
    expect(me.body.roles.sort()).toEqual(['admin', 'user']);
    const someone = await registerUser(api);
    expect((await api.get('/api/rbac/roles', { token: someone.accessToken })).status).toBe(403);
    const admins = await api.get('/api/admin/users', { token: 'demo_token', query: { role: 'admin' } });
    expect(admins.body.users.map((u: any) => u.id)).toEqual([me.body.id]);
  });
});
