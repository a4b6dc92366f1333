import { Client } from 'pg';
import { roleUrl } from '@sf/database';
import { ApiClient, eventually, registerUser, RegisteredUser, TestFleet } from '@sf/testing';
import { adminEmail, registerFirstAdmin, startAdminFleet } from './admin-helpers';

async function withClient<T>(url: string, run: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

describe('the audit log: admin actions and security events, insert-only and hash-chained', () => {
  let fleet: TestFleet;
  let api: ApiClient;
  let root: RegisteredUser;
  const email = adminEmail();

  beforeAll(async () => {
    ({ fleet, api } = await startAdminFleet(email));
    root = await registerFirstAdmin(api, email);
  });
  afterAll(() => fleet?.close());

  it('records an admin action with who did it, from where, and finds it by filter, by id and by the RBAC path', async () => {
    const role = await api.post('/api/rbac/roles', { name: 'audited-role', permissions: ['ANALYTICS_READ'] }, { token: root.accessToken });
    expect(role.status).toBe(201);
    const found = await api.get('/api/admin/audit-logs', { token: root.accessToken, query: { action: 'rbac.role.created' } });
    expect(found.status).toBe(200);
    expect(found.body.logs).toHaveLength(1);
    const entry = found.body.logs[0];
    expect(entry).toMatchObject({
      action: 'rbac.role.created',
      resource_type: 'role',
      resource_id: role.body.id,
      actor_id: root.id,
      impersonator_id: null,
      details: { name: 'audited-role', permissions: ['ANALYTICS_READ'] },
    });
    expect(entry.ip_address).toEqual(expect.any(String));
    expect(entry.hash).toMatch(/^[0-9a-f]{64}$/);
    const byId = await api.get(`/api/admin/audit-logs/${entry.id}`, { token: root.accessToken });
    expect(byId.body).toEqual(entry);
    const seeded = await api.get('/api/rbac/audit', { token: root.accessToken, query: { resource_type: 'role' } });
    expect(seeded.body.logs.map((l: any) => l.id)).toContain(entry.id);
    expect((await api.get('/api/admin/audit-logs/00000000-0000-4000-8000-000000000000', { token: root.accessToken })).status).toBe(404);
  });

  it('records security events: sign-ins, failed sign-ins and role changes, by account', async () => {
    const user = await registerUser(api);
    await api.post('/api/auth/login', { email: user.email, password: 'not-the-password' });
    await api.put(`/api/admin/users/${user.id}/role`, { role: 'translator' }, { token: root.accessToken });
    const key = await api.post(
      '/api/settings/api-keys',
      { name: 'audited key', permissions: ['read:profile'] },
      { token: user.accessToken },
    );
    expect(key.status).toBe(201);
    await eventually(async () => {
      const lines = await api.get('/api/admin/audit-logs', { token: root.accessToken, query: { user_id: user.id, limit: 100 } });
      const actions = lines.body.logs.map((l: any) => l.action);
      expect(actions).toEqual(
        expect.arrayContaining([
          'auth.login.succeeded',
          'auth.login.failed',
          'user.role_changed',
          'admin.user.role_set',
          'api_key.created',
        ]),
      );
    });
    const failed = await api.get('/api/admin/audit-logs', {
      token: root.accessToken,
      query: { user_id: user.id, action: 'auth.login.failed' },
    });
    expect(failed.body.logs[0]).toMatchObject({ user_id: user.id, details: expect.objectContaining({ reason: 'password' }) });
    const created = await api.get('/api/admin/audit-logs', {
      token: root.accessToken,
      query: { user_id: user.id, action: 'api_key.created' },
    });
    expect(created.body.logs[0]).toMatchObject({ resource_id: key.body.id, details: expect.objectContaining({ name: 'audited key' }) });
    expect(JSON.stringify(created.body)).not.toContain(key.body.key);
    const future = await api.get('/api/admin/audit-logs', { token: root.accessToken, query: { date_from: '2099-01-01T00:00:00Z' } });
    expect(future.body).toMatchObject({ logs: [], total: 0 });
  });

  it('exports as CSV and as JSON, and refuses a bad format or date with 422', async () => {
    const csv = await fetch(`${fleet.baseUrl}/api/admin/audit-logs/export?format=csv&resource_type=role`, {
      headers: { Authorization: `Bearer ${root.accessToken}` },
    });
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toMatch(/text\/csv/);
    const lines = (await csv.text()).trim().split('\n');
    expect(lines[0]).toBe(
      'seq,id,timestamp,action,resource_type,resource_id,user_id,actor_id,impersonator_id,ip_address,request_id,details,prev_hash,hash',
    );
    expect(lines.length).toBeGreaterThanOrEqual(2);
    expect(lines[1]).toContain('rbac.role.created');

    const json = await fetch(`${fleet.baseUrl}/api/rbac/audit/export`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${root.accessToken}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ format: 'json', action: 'rbac.role.created' }),
    });
    expect(json.status).toBe(200);
    const body = (await json.json()) as { logs: { action: string }[]; total: number };
    expect(body.total).toBe(1);
    expect(body.logs[0].action).toBe('rbac.role.created');

    const bad = await api.get('/api/admin/audit-logs/export', {
      token: root.accessToken,
      query: { format: 'xml', date_from: 'yesterday' },
    });
    expect(bad.status).toBe(422);
    expect(Object.keys(bad.body.error.details).sort()).toEqual(['date_from', 'format']);
  });

  it("cannot be changed by the service's own database role", async () => {
    const url = roleUrl(fleet.env.DATABASE_URL, 'admin', 'admin');
    await withClient(url, async (client) => {
      const [{ count }] = (await client.query('SELECT count(*)::int AS count FROM audit_log')).rows as { count: number }[];
      expect(count).toBeGreaterThan(0);
      for (const sql of ["UPDATE audit_log SET action = 'nothing happened'", 'DELETE FROM audit_log', 'TRUNCATE audit_log']) {
        await expect(client.query(sql)).rejects.toThrow(/permission denied|insert-only/);
      }
      const [{ after }] = (await client.query('SELECT count(*)::int AS after FROM audit_log')).rows as { after: number }[];
      expect(after).toBe(count);
    });
  });

  it('reports failed sign-ins and admins without two-factor sign-in; a tampered row breaks the chain', async () => {
    const intact = await api.get('/api/admin/security/report', { token: root.accessToken });
    expect(intact.status).toBe(200);
    expect(intact.body.audit_chain).toMatchObject({ valid: true, first_broken_seq: null });
    expect(intact.body.audit_chain.checked).toBeGreaterThan(2);
    expect(intact.body.failed_logins.last_24h).toBeGreaterThanOrEqual(1);
    expect(intact.body.admins_without_2fa).toEqual([{ user_id: root.id, email }]);

    // Only a superuser can get past the trigger: as an intruder with database access would.
    await withClient(fleet.env.DATABASE_URL, async (client) => {
      await client.query('ALTER TABLE admin.audit_log DISABLE TRIGGER USER');
      await client.query(`UPDATE admin.audit_log SET details = '{"name": "innocent"}' WHERE seq = 2`);
      await client.query('ALTER TABLE admin.audit_log ENABLE TRIGGER USER');
    });
    const broken = await api.get('/api/admin/security/report', { token: root.accessToken });
    expect(broken.body.audit_chain).toEqual({ valid: false, checked: 1, first_broken_seq: 2 });
  });
});
