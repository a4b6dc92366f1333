import { ApiClient, eventually, registerUser, RegisteredUser, TestFleet } from '@sf/testing';
import { adminEmail, registerFirstAdmin, roleId, startAdminFleet } from './admin-helpers';

const inAnHour = () => new Date(Date.now() + 3_600_000).toISOString();

describe('RBAC: roles, assignments and overrides, applied to tokens already issued', () => {
  let fleet: TestFleet;
  let api: ApiClient;
  let root: RegisteredUser;
  const email = adminEmail();

  beforeAll(async () => {
    ({ fleet, api } = await startAdminFleet(email));
    root = await registerFirstAdmin(api, email);
  });
  afterAll(() => fleet?.close());

  it('makes the account ADMIN_EMAILS names the first admin, its token included', async () => {
    const me = await api.post('/api/auth/login', { email, password: root.password });
    expect(me.body.user.roles.sort()).toEqual(['admin', 'user']);
    const roles = await api.get(`/api/rbac/users/${root.id}/roles`, { token: root.accessToken });
    expect(roles.status).toBe(200);
    expect(roles.body.roles.map((r: { role_name: string }) => r.role_name).sort()).toEqual(['admin', 'user']);
  });

  it('lists the built-in roles first, with their permissions and holders', async () => {
    const response = await api.get('/api/rbac/roles', { token: root.accessToken });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ page: 1, limit: 20 });
    const names = response.body.roles.filter((r: any) => r.built_in).map((r: any) => r.name);
    expect(names.sort()).toEqual(['admin', 'chef', 'moderator', 'translator', 'user']);
    const admin = response.body.roles.find((r: any) => r.name === 'admin');
    expect(admin.permissions).toEqual(expect.arrayContaining(['ROLES_MANAGE', 'USERS_MANAGE', 'SNS_READ']));
    expect(admin.user_count).toBeGreaterThanOrEqual(1);
    expect(admin.role_id).toBe(admin.id);
  });

  it('lists the permissions the endpoint declarations use', async () => {
    const response = await api.get('/api/rbac/permissions', { token: root.accessToken });
    expect(response.status).toBe(200);
    const byName = Object.fromEntries(response.body.permissions.map((p: any) => [p.name, p]));
    expect(Object.keys(byName)).toEqual(
      expect.arrayContaining(['SNS_READ', 'SNS_WRITE', 'ANALYTICS_READ', 'USERS_MANAGE', 'ROLES_MANAGE']),
    );
    expect(byName.ROLES_MANAGE.endpoint_count).toBeGreaterThan(3);
    expect(byName.ROLES_READ.endpoint_count).toBeGreaterThan(3);
  });

  it('refuses to delete or change a built-in role (409)', async () => {
    for (const name of ['admin', 'user', 'moderator']) {
      const id = await roleId(api, root.accessToken, name);
      const deleted = await api.delete(`/api/rbac/roles/${id}`, { token: root.accessToken });
      expect({ name, status: deleted.status, code: deleted.body.error?.code }).toEqual({ name, status: 409, code: 'CONFLICT' });
      const changed = await api.put(`/api/rbac/roles/${id}`, { permissions: ['SNS_READ'] }, { token: root.accessToken });
      expect({ name, status: changed.status }).toEqual({ name, status: 409 });
    }
  });

  it('keeps the last admin: withdrawing the role or denying ROLES_MANAGE is 409', async () => {
    const adminRole = await roleId(api, root.accessToken, 'admin');
    const withdrawn = await api.delete(`/api/rbac/users/${root.id}/roles/${adminRole}`, { token: root.accessToken });
    expect(withdrawn.status).toBe(409);
    expect(withdrawn.body.error.code).toBe('CONFLICT');
    const denied = await api.post(
      `/api/rbac/users/${root.id}/permissions`,
      { permission: 'ROLES_MANAGE', effect: 'deny' },
      { token: root.accessToken },
    );
    expect(denied.status).toBe(409);
    const still = await api.get('/api/rbac/roles', { token: root.accessToken });
    expect(still.status).toBe(200);
  });

  it('lets a second admin be made and withdrawn, the first keeping theirs', async () => {
    const second = await registerUser(api);
    const adminRole = await roleId(api, root.accessToken, 'admin');
    const assigned = await api.post(`/api/rbac/users/${second.id}/roles`, { role_name: 'admin' }, { token: root.accessToken });
    expect(assigned.status).toBe(201);
    expect((await api.get('/api/rbac/roles', { token: second.accessToken })).status).toBe(200);
    const withdrawn = await api.delete(`/api/rbac/users/${second.id}/roles/${adminRole}`, { token: root.accessToken });
    expect(withdrawn.status).toBe(204);
    expect((await api.get('/api/rbac/roles', { token: second.accessToken })).status).toBe(403);
  });

  describe('a custom role', () => {
    let auditor: any;
    let user: RegisteredUser;

    beforeAll(async () => {
      const created = await api.post(
        '/api/rbac/roles',
        { name: 'rbac-auditor', description: 'Reads roles', permissions: ['ROLES_READ', 'ANALYTICS_READ'] },
        { token: root.accessToken },
      );
      expect(created.status).toBe(201);
      auditor = created.body;
      user = await registerUser(api);
    });

    it('is created with its permissions; a second of the same name is 409', async () => {
      expect(auditor).toMatchObject({
        name: 'rbac-auditor',
        built_in: false,
        permissions: ['ANALYTICS_READ', 'ROLES_READ'],
        user_count: 0,
      });
      const again = await api.post('/api/rbac/roles', { name: 'rbac-auditor', permissions: [] }, { token: root.accessToken });
      expect(again.status).toBe(409);
      const got = await api.get(`/api/rbac/roles/${auditor.id}`, { token: root.accessToken });
      expect(got.body).toMatchObject({ id: auditor.id, name: 'rbac-auditor' });
    });

    it('assigned with an expiry, grants its permissions to the token the user already holds; removed, stops on the next request', async () => {
      expect((await api.get('/api/rbac/roles', { token: user.accessToken })).status).toBe(403);
      const expiresAt = inAnHour();
      const assigned = await api.post(
        `/api/rbac/users/${user.id}/roles`,
        { role_id: auditor.id, expires_at: expiresAt },
        { token: root.accessToken },
      );
      expect(assigned.status).toBe(201);
      const held = assigned.body.roles.find((r: any) => r.role_name === 'rbac-auditor');
      expect(held).toMatchObject({ role_id: auditor.id, assigned_by: root.id, built_in: false });
      expect(Date.parse(held.expires_at)).toBe(Date.parse(expiresAt));

      expect((await api.get('/api/rbac/roles', { token: user.accessToken })).status).toBe(200);
      // ROLES_READ only: the managing routes stay closed.
      const create = await api.post('/api/rbac/roles', { name: 'not-allowed', permissions: [] }, { token: user.accessToken });
      expect(create.status).toBe(403);
      expect(create.body.error.code).toBe('FORBIDDEN');

      // A token issued after the change carries it too.
      const login = await api.post('/api/auth/login', { email: user.email, password: user.password });
      expect((await api.get('/api/rbac/roles', { token: login.body.access_token })).status).toBe(200);

      const effective = await api.get(`/api/rbac/users/${user.id}/permissions`, { token: root.accessToken });
      expect(effective.body.roles).toEqual(['user', 'rbac-auditor']);
      expect(effective.body.permissions).toEqual(expect.arrayContaining(['ROLES_READ', 'ANALYTICS_READ', 'SNS_READ']));
      expect(effective.body.permissions).not.toContain('ROLES_MANAGE');

      const busy = await api.delete(`/api/rbac/roles/${auditor.id}`, { token: root.accessToken });
      expect(busy.status).toBe(409);

      const removed = await api.delete(`/api/rbac/users/${user.id}/roles/${auditor.id}`, { token: root.accessToken });
      expect(removed.status).toBe(204);
      expect((await api.get('/api/rbac/roles', { token: user.accessToken })).status).toBe(403);
      expect((await api.get('/api/rbac/roles', { token: login.body.access_token })).status).toBe(403);
      // Sessions go on: the user is still signed in for everything else.
      expect((await api.get('/api/auth/me', { token: user.accessToken })).status).toBe(200);
      const again = await api.delete(`/api/rbac/users/${user.id}/roles/${auditor.id}`, { token: root.accessToken });
      expect(again.status).toBe(404);
    });

    it('denied by an override, stops on the next request; the override removed, works again', async () => {
      await api.post(`/api/rbac/users/${user.id}/roles`, { role_name: 'rbac-auditor' }, { token: root.accessToken });
      expect((await api.get('/api/rbac/roles', { token: user.accessToken })).status).toBe(200);
      const denied = await api.post(
        `/api/rbac/users/${user.id}/permissions`,
        { permission: 'ROLES_READ', effect: 'deny' },
        { token: root.accessToken },
      );
      expect(denied.status).toBe(200);
      expect(denied.body.permissions).not.toContain('ROLES_READ');
      expect(denied.body.overrides).toEqual([{ permission: 'ROLES_READ', effect: 'deny' }]);
      expect((await api.get('/api/rbac/roles', { token: user.accessToken })).status).toBe(403);
      const reset = await api.post(
        `/api/rbac/users/${user.id}/permissions`,
        { permission: 'ROLES_READ', effect: 'inherit' },
        { token: root.accessToken },
      );
      expect(reset.body.overrides).toEqual([]);
      expect((await api.get('/api/rbac/roles', { token: user.accessToken })).status).toBe(200);
    });

    it("reaches its holders' tokens when its permissions change", async () => {
      const changed = await api.put(`/api/rbac/roles/${auditor.id}`, { permissions: ['ANALYTICS_READ'] }, { token: root.accessToken });
      expect(changed.status).toBe(200);
      expect(changed.body).toMatchObject({ permissions: ['ANALYTICS_READ'], user_count: 1 });
      expect((await api.get('/api/rbac/roles', { token: user.accessToken })).status).toBe(403);
      await api.put(`/api/rbac/roles/${auditor.id}`, { permissions: ['ANALYTICS_READ', 'ROLES_READ'] }, { token: root.accessToken });
      expect((await api.get('/api/rbac/roles', { token: user.accessToken })).status).toBe(200);
    });

    it('can be deleted once no one holds it', async () => {
      await api.delete(`/api/rbac/users/${user.id}/roles/${auditor.id}`, { token: root.accessToken });
      const deleted = await api.delete(`/api/rbac/roles/${auditor.id}`, { token: root.accessToken });
      expect(deleted.status).toBe(204);
      expect((await api.get(`/api/rbac/roles/${auditor.id}`, { token: root.accessToken })).status).toBe(404);
    });
  });

  it('grants a built-in role by name to the token already issued, and withdraws it', async () => {
    const user = await registerUser(api);
    const assigned = await api.post(
      `/api/rbac/users/${user.id}/roles`,
      { role_name: 'moderator', expires_at: inAnHour() },
      { token: root.accessToken },
    );
    expect(assigned.status).toBe(201);
    expect(assigned.body.roles.map((r: any) => r.role_name).sort()).toEqual(['moderator', 'user']);
    expect((await api.get('/api/rbac/permissions', { token: user.accessToken })).status).toBe(200);
    const moderator = await roleId(api, root.accessToken, 'moderator');
    expect((await api.delete(`/api/rbac/users/${user.id}/roles/${moderator}`, { token: root.accessToken })).status).toBe(204);
    expect((await api.get('/api/rbac/permissions', { token: user.accessToken })).status).toBe(403);
    const userRole = await roleId(api, root.accessToken, 'user');
    expect((await api.delete(`/api/rbac/users/${user.id}/roles/${userRole}`, { token: root.accessToken })).status).toBe(409);
  });

  it('withdraws an assignment when it expires, from the token already issued too', async () => {
    const user = await registerUser(api);
    const role = await api.post('/api/rbac/roles', { name: 'short-lived', permissions: ['ROLES_READ'] }, { token: root.accessToken });
    const soon = new Date(Date.now() + 2000).toISOString();
    const custom = await api.post(
      `/api/rbac/users/${user.id}/roles`,
      { role_id: role.body.id, expires_at: soon },
      { token: root.accessToken },
    );
    expect(custom.status).toBe(201);
    const builtIn = await api.post(
      `/api/rbac/users/${user.id}/roles`,
      { role_name: 'translator', expires_at: soon },
      { token: root.accessToken },
    );
    expect(builtIn.status).toBe(201);
    expect((await api.get('/api/rbac/roles', { token: user.accessToken })).status).toBe(200);
    await eventually(async () => {
      const roles = await api.get(`/api/rbac/users/${user.id}/roles`, { token: root.accessToken });
      expect(roles.body.roles.map((r: any) => r.role_name)).toEqual(['user']);
      const me = await api.post('/api/auth/login', { email: user.email, password: user.password });
      expect(me.body.user.roles).toEqual(['user']);
    }, 20_000);
    expect((await api.get('/api/rbac/roles', { token: user.accessToken })).status).toBe(403);
    // Nothing holds it any more: it can go.
    expect((await api.delete(`/api/rbac/roles/${role.body.id}`, { token: root.accessToken })).status).toBe(204);
  });

  it('reports every account with its access level, admins first', async () => {
    const plain = await registerUser(api);
    await api.post(
      `/api/rbac/users/${plain.id}/permissions`,
      { permission: 'ANALYTICS_READ', effect: 'allow' },
      { token: root.accessToken },
    );
    const report = await api.get('/api/rbac/access-report', { token: root.accessToken, query: { limit: 100 } });
    expect(report.status).toBe(200);
    expect(report.body.users[0].access_level).toBe('admin');
    const rootRow = report.body.users.find((u: any) => u.user_id === root.id);
    expect(rootRow).toMatchObject({ email, access_level: 'admin' });
    expect(rootRow.roles.sort()).toEqual(['admin', 'user']);
    const plainRow = report.body.users.find((u: any) => u.user_id === plain.id);
    expect(plainRow).toMatchObject({ access_level: 'elevated' });
    expect(plainRow.effective_permissions).toContain('ANALYTICS_READ');
    const admins = await api.get('/api/rbac/access-report', { token: root.accessToken, query: { access_level: 'admin' } });
    expect(admins.body.users.every((u: any) => u.access_level === 'admin')).toBe(true);
  });

  it('refuses bad input with 422 naming the field, and unknown users or roles with 404', async () => {
    const user = await registerUser(api);
    const badRole = await api.post(
      '/api/rbac/roles',
      { name: 'Bad Name!', permissions: ['NOT_A_PERMISSION'] },
      { token: root.accessToken },
    );
    expect(badRole.status).toBe(422);
    expect(Object.keys(badRole.body.error.details).sort()).toEqual(['name', 'permissions']);
    const past = await api.post(
      `/api/rbac/users/${user.id}/roles`,
      { role_name: 'moderator', expires_at: '2020-01-01T00:00:00Z' },
      { token: root.accessToken },
    );
    expect(past.status).toBe(422);
    expect(past.body.error.details).toHaveProperty('expires_at');
    const malformed = await api.post(`/api/rbac/users/${user.id}/roles`, { role_id: 'nope' }, { token: root.accessToken });
    expect(malformed.status).toBe(422);
    expect(malformed.body.error.details).toHaveProperty('role_id');
    const badOverride = await api.post(
      `/api/rbac/users/${user.id}/permissions`,
      { permission: 'SNS_READ', effect: 'maybe' },
      { token: root.accessToken },
    );
    expect(badOverride.status).toBe(422);
    expect(badOverride.body.error.details).toHaveProperty('effect');
    const unknownRole = await api.post(`/api/rbac/users/${user.id}/roles`, { role_name: 'no-such-role' }, { token: root.accessToken });
    expect(unknownRole.status).toBe(404);
    const unknownUser = await api.get('/api/rbac/users/00000000-0000-4000-8000-000000000000/permissions', { token: root.accessToken });
    expect(unknownUser.status).toBe(404);
    const badPage = await api.get('/api/rbac/roles', { token: root.accessToken, query: { limit: '1000' } });
    expect(badPage.status).toBe(422);
  });
});
