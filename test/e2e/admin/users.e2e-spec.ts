import { ApiClient, eventually, registerUser, RegisteredUser, TestFleet } from '@sf/testing';
import { adminEmail, registerFirstAdmin, startAdminFleet } from './admin-helpers';

describe('user administration: the projection of auth, and commands to it', () => {
  let fleet: TestFleet;
  let api: ApiClient;
  let root: RegisteredUser;
  const email = adminEmail();

  beforeAll(async () => {
    ({ fleet, api } = await startAdminFleet(email));
    root = await registerFirstAdmin(api, email);
  });
  afterAll(() => fleet?.close());

  /** Waits until the projection knows the user (auth's event is asynchronous). */
  const known = (user: RegisteredUser) =>
    eventually(async () => {
      const found = await api.get('/api/admin/users', { token: root.accessToken, query: { search: user.email } });
      expect(found.body.users).toHaveLength(1);
      return found.body.users[0];
    });

  it('lists accounts filtered by search, role and status, sorted and paged; 422 for an unknown sort', async () => {
    const alice = await registerUser(api, { name: 'Alice Filterable' });
    const bob = await registerUser(api, { name: 'Bob Filterable' });
    expect(await known(alice)).toMatchObject({
      id: alice.id,
      email: alice.email,
      name: 'Alice Filterable',
      roles: ['user'],
      status: 'active',
    });
    await known(bob);
    const byName = await api.get('/api/admin/users', { token: root.accessToken, query: { search: 'filterable', sort: 'name' } });
    expect(byName.status).toBe(200);
    expect(byName.body.users.map((u: any) => u.id)).toEqual([alice.id, bob.id]);
    expect(byName.body).toMatchObject({ total: 2, page: 1, limit: 20, pages: 1 });
    const paged = await api.get('/api/admin/users', {
      token: root.accessToken,
      query: { search: 'filterable', sort_by: 'name', order: 'desc', limit: 1 },
    });
    expect(paged.body.users.map((u: any) => u.id)).toEqual([bob.id]);
    expect(paged.body.pages).toBe(2);
    const admins = await api.get('/api/admin/users', { token: root.accessToken, query: { role: 'admin' } });
    expect(admins.body.users.map((u: any) => u.id)).toEqual([root.id]);
    const bad = await api.get('/api/admin/users', { token: root.accessToken, query: { sort: 'password', status: 'gone' } });
    expect(bad.status).toBe(422);
    expect(Object.keys(bad.body.error.details).sort()).toEqual(['sort', 'status']);
    const detail = await api.get(`/api/admin/users/${alice.id}`, { token: root.accessToken });
    expect(detail.body).toMatchObject({ id: alice.id, email: alice.email, failed_logins: 0 });
    expect((await api.get('/api/admin/users/00000000-0000-4000-8000-000000000000', { token: root.accessToken })).status).toBe(404);
  });

  it('renames an account', async () => {
    const user = await registerUser(api);
    const renamed = await api.put(`/api/admin/users/${user.id}`, { name: 'Renamed By Admin' }, { token: root.accessToken });
    expect(renamed.status).toBe(200);
    expect(renamed.body.name).toBe('Renamed By Admin');
    const me = await api.get('/api/auth/me', { token: user.accessToken });
    expect(me.body.name).toBe('Renamed By Admin');
  });

  it('bans an account: its sessions end at once, it cannot sign in, its activity says so; lifting the ban lets it back', async () => {
    const user = await registerUser(api);
    await known(user);
    expect((await api.post('/api/auth/login', { email: user.email, password: 'wrong-password-1' })).status).toBe(401);
    const until = new Date(Date.now() + 86_400_000).toISOString();
    const banned = await api.post(`/api/admin/users/${user.id}/ban`, { reason: 'Spam', until }, { token: root.accessToken });
    expect(banned.status).toBe(200);
    expect(banned.body).toMatchObject({ id: user.id, status: 'banned', ban_reason: 'Spam' });
    expect(Date.parse(banned.body.banned_until)).toBe(Date.parse(until));

    const afterBan = await api.get('/api/auth/me', { token: user.accessToken });
    expect(afterBan.status).toBe(401);
    const refresh = await api.post('/api/auth/refresh', { refresh_token: user.refreshToken });
    expect(refresh.status).toBe(401);
    const login = await api.post('/api/auth/login', { email: user.email, password: user.password });
    expect(login.status).toBe(403);
    expect(login.body.error.message).toMatch(/banned/);

    await eventually(async () => {
      const activity = await api.get(`/api/admin/users/${user.id}/activities`, { token: root.accessToken });
      expect(activity.status).toBe(200);
      const types = activity.body.activities.map((a: any) => a.type);
      expect(types).toEqual(expect.arrayContaining(['login.succeeded', 'login.failed', 'status_changed']));
      expect(activity.body.activities[0].type).toBe('status_changed');
    });
    const failed = await api.get(`/api/admin/users/${user.id}/activities`, { token: root.accessToken, query: { type: 'login.failed' } });
    expect(failed.body.activities).toHaveLength(1);
    expect(failed.body.activities[0].details).toEqual({ reason: 'password' });

    const lifted = await api.put(`/api/admin/users/${user.id}`, { status: 'active' }, { token: root.accessToken });
    expect(lifted.body).toMatchObject({ status: 'active', ban_reason: null, banned_until: null });
    expect((await api.post('/api/auth/login', { email: user.email, password: user.password })).status).toBe(200);
  });

  it('refuses to ban or deactivate an admin or oneself (409), and a ban ending in the past (422)', async () => {
    const self = await api.post(`/api/admin/users/${root.id}/ban`, { reason: 'x' }, { token: root.accessToken });
    expect(self.status).toBe(409);
    const other = await registerUser(api);
    await api.put(`/api/admin/users/${other.id}/role`, { role: 'admin' }, { token: root.accessToken });
    const admin = await api.delete(`/api/admin/users/${other.id}`, { token: root.accessToken });
    expect(admin.status).toBe(409);
    const past = await api.post(
      `/api/admin/users/${other.id}/ban`,
      { reason: 'x', until: '2020-01-01T00:00:00Z' },
      { token: root.accessToken },
    );
    expect(past.status).toBe(422);
    expect(past.body.error.details).toHaveProperty('until');
    const noReason = await api.post(`/api/admin/users/${other.id}/ban`, {}, { token: root.accessToken });
    expect(noReason.status).toBe(422);
    expect(noReason.body.error.details).toHaveProperty('reason');
    // Back to one admin, for the tests that follow.
    expect((await api.put(`/api/admin/users/${other.id}/role`, { role: 'user' }, { token: root.accessToken })).status).toBe(200);
  });

  it('deactivates an account: 204, its sessions end, it cannot sign in', async () => {
    const user = await registerUser(api);
    const deleted = await api.delete(`/api/admin/users/${user.id}`, { token: root.accessToken });
    expect(deleted.status).toBe(204);
    expect((await api.get('/api/auth/me', { token: user.accessToken })).status).toBe(401);
    const login = await api.post('/api/auth/login', { email: user.email, password: user.password });
    expect(login.status).toBe(403);
    const detail = await api.get(`/api/admin/users/${user.id}`, { token: root.accessToken });
    expect(detail.body.status).toBe('deactivated');
  });

  it("sets an account's role, applied to its current token; the last admin keeps theirs", async () => {
    const user = await registerUser(api);
    const promoted = await api.put(`/api/admin/users/${user.id}/role`, { role: 'moderator' }, { token: root.accessToken });
    expect(promoted.status).toBe(200);
    expect(promoted.body.roles.sort()).toEqual(['moderator', 'user']);
    expect((await api.get('/api/admin/users', { token: user.accessToken })).status).toBe(200);
    // Moderators read accounts but do not change them.
    expect((await api.put(`/api/admin/users/${root.id}`, { name: 'x' }, { token: user.accessToken })).status).toBe(403);
    await api.put(`/api/admin/users/${user.id}/role`, { role: 'user' }, { token: root.accessToken });
    expect((await api.get('/api/admin/users', { token: user.accessToken })).status).toBe(403);
    const demoted = await api.put(`/api/admin/users/${root.id}/role`, { role: 'user' }, { token: root.accessToken });
    expect(demoted.status).toBe(409);
    const bad = await api.put(`/api/admin/users/${user.id}/role`, { role: 'emperor' }, { token: root.accessToken });
    expect(bad.status).toBe(422);
  });

  it('lists subscriptions from payment events (none here) and 404s an unknown account', async () => {
    const user = await registerUser(api);
    const subscriptions = await api.get(`/api/admin/users/${user.id}/subscriptions`, { token: root.accessToken });
    expect(subscriptions.status).toBe(200);
    expect(subscriptions.body).toEqual({ subscriptions: [], total: 0 });
    const unknown = await api.get('/api/admin/users/00000000-0000-4000-8000-000000000000/subscriptions', { token: root.accessToken });
    expect(unknown.status).toBe(404);
  });
});
