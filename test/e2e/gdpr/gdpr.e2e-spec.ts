import { randomUUID } from 'node:crypto';
import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { Client } from 'pg';
import { GDPR_SERVICES, SERVICE_NAMES } from '@sf/contracts';
import { ApiClient, eventually, registerUser, RegisteredUser, TestFleet } from '@sf/testing';
import { adminEmail, registerFirstAdmin } from '../admin/admin-helpers';
import { finishedRun } from '../automation/automation-fleet';
import { subscribeToCoocook } from '../coocook/coocook-helpers';
import { FullFleet, startFullFleet } from '../full-fleet';
import { payCheckout } from '../payment-fleet';
import { pngImage, uploadFile } from '../storage/files-client';

/** Every service answers well within this; a stopped one makes its request end `incomplete` here. */
const DEADLINE_SECONDS = 25;

/**
 * Columns that name a user: ids of the user in any role, and email addresses. Two tables are kept
 * on purpose (ADR 0016): the insert-only audit log and the GDPR requests themselves.
 */
const NAMING_COLUMN = /(^|_)(user_id|owner_id|guest_id|author_id|sender_id|actor_id|impersonator_id|participant_ids|party_ids)$|email/;
const KEPT = new Set(['admin.audit_log', 'admin.gdpr_requests']);

describe('GDPR: export and deletion across every service', () => {
  let full: FullFleet;
  let fleet: TestFleet;
  let api: ApiClient;
  let root: RegisteredUser;
  let db: Client;
  const email = adminEmail();

  beforeAll(async () => {
    full = await startFullFleet({ DEMO_MODE: 'false', ADMIN_EMAILS: email, GDPR_DEADLINE_SECONDS: String(DEADLINE_SECONDS) });
    ({ fleet, api } = full);
    root = await registerFirstAdmin(api, email);
    db = new Client({ connectionString: fleet.adminDatabaseUrl });
    await db.connect();
  }, 120_000);
  afterAll(async () => {
    await db?.end();
    await full?.close();
  });

  const checkout = async (user: RegisteredUser, productId: number) => {
    const started = await api.post('/api/payment/checkout', { product_id: productId, plan_type: 'monthly' }, { token: user.accessToken });
    expect(started.status).toBe(201);
    await payCheckout(started.body.checkout_url);
  };

  /** An `Idempotency-Key`: the answer kept under it names the caller too. */
  const keyed = () => ({ 'Idempotency-Key': randomUUID() });

  /**
   * A user with rows in every service: subscriptions to all five products, an invoice, a file, a
   * shopping list, a workflow with a run, a published site with a page and a form a visitor sent.
   */
  async function userWithData(): Promise<{ user: RegisteredUser; invoiceId: string; siteId: string }> {
    const user = await registerUser(api);
    await subscribeToCoocook(api, user, payCheckout, eventually);
    await checkout(user, 2);
    await checkout(user, 3);
    await checkout(user, 4);
    await checkout(user, 5);
    const invoice = await api.post(
      '/api/payment/invoice',
      { items: [{ description: 'Consulting', quantity: 1, price_krw: 10_000 }], recipient_email: user.email, notes: 'kept for the books' },
      { token: user.accessToken },
    );
    expect(invoice.status).toBe(201);
    const file = await uploadFile(api, user.accessToken, { name: 'me.png', bytes: await pngImage(20, 20) }, 'image');
    expect(file.status).toBe(201);
    const list = await api.post(
      '/api/shopping-list',
      { name: 'Groceries', items: [{ name: 'rice', quantity: 1 }] },
      { token: user.accessToken, headers: keyed() },
    );
    expect(list.status).toBe(201);
    // A preferred time zone: auth's user_preferences, and automation's copy of it.
    expect((await api.put('/api/settings/preferences', { timezone: 'Europe/Berlin' }, { token: user.accessToken })).status).toBe(200);
    const workflowKey = keyed();
    const workflow = await eventually(async () => {
      const created = await api.post(
        '/api/ai-automation/workflow',
        { name: 'Mine', trigger: { type: 'manual' }, steps: [{ id: 'tell', type: 'notify', params: { title: 'Hello', body: 'Ran' } }] },
        { token: user.accessToken, headers: workflowKey },
      );
      expect(created.status).toBe(201);
      return created.body;
    }, 15_000);
    const run = await api.post(`/api/ai-automation/workflow/${workflow.id}/run`, {}, { token: user.accessToken });
    expect(run.status).toBe(201);
    expect((await finishedRun(api, user, workflow.id, run.body.id)).status).toBe('succeeded');
    const siteKey = keyed();
    const site = await eventually(async () => {
      const created = await api.post('/api/webapp-builder/site', { name: 'My bakery' }, { token: user.accessToken, headers: siteKey });
      expect(created.status).toBe(201);
      return created.body;
    }, 15_000);
    const page = await api.post('/api/webapp-builder/page', { site_id: site.id, title: 'Home', path: '/' }, { token: user.accessToken });
    expect(page.status).toBe(201);
    const form = await api.post(
      '/api/webapp-builder/component',
      { page_id: page.body.id, type: 'form', props: { title: 'Order', fields: [{ name: 'email', label: 'Email', type: 'email' }] } },
      { token: user.accessToken },
    );
    expect(form.status).toBe(201);
    expect((await api.post(`/api/webapp-builder/site/${site.id}/publish`, undefined, { token: user.accessToken })).status).toBe(200);
    expect((await api.post(`/sites/${site.slug}/forms/${form.body.id}`, { fields: { email: 'visitor@example.com' } })).status).toBe(201);
    // Every service has heard of the user (projections are fed by events).
    await eventually(async () => {
      const holding = await servicesHolding(user);
      expect(holding).toEqual([...GDPR_SERVICES].sort());
    }, 30_000);
    // Automation's copy of the time zone arrives by auth's event.
    await eventually(async () => expect(Object.keys(await rowsNaming(user))).toContain('automation.user_time_zones.user_id'), 15_000);
    return { user, invoiceId: invoice.body.id, siteId: site.id };
  }

  /**
   * Rows naming the user, per `schema.table.column`, across the schema of every service of the
   * fleet (not only the participants: a service that keeps user data without taking part fails here).
   */
  async function rowsNaming(user: RegisteredUser): Promise<Record<string, number>> {
    const columns = await db.query<{ table_schema: string; table_name: string; column_name: string }>(
      `SELECT c.table_schema, c.table_name, c.column_name FROM information_schema.columns c
         JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name AND t.table_type = 'BASE TABLE'
        WHERE c.table_schema = ANY($1)`,
      [[...SERVICE_NAMES]],
    );
    const found: Record<string, number> = {};
    for (const { table_schema: schema, table_name: table, column_name: column } of columns.rows) {
      if (!NAMING_COLUMN.test(column) || KEPT.has(`${schema}.${table}`)) continue;
      const { rows } = await db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM "${schema}"."${table}" WHERE "${column}"::text ILIKE '%' || $1 || '%' OR "${column}"::text ILIKE $2`,
        [user.id, user.email],
      );
      if (rows[0].n > 0) found[`${schema}.${table}.${column}`] = rows[0].n;
    }
    return found;
  }

  async function servicesHolding(user: RegisteredUser): Promise<string[]> {
    return [...new Set(Object.keys(await rowsNaming(user)).map((key) => key.split('.')[0]))].sort();
  }

  const objectsUnder = async (prefix: string) =>
    (await full.s3.client.send(new ListObjectsV2Command({ Bucket: full.s3.bucket, Prefix: prefix }))).KeyCount ?? 0;
  const objectsOf = (user: RegisteredUser) => objectsUnder(`users/${user.id}/`);

  const request = (id: string) => api.get(`/api/admin/gdpr/requests/${id}`, { token: root.accessToken });

  const ended = (id: string, timeoutMs = 40_000) =>
    eventually(async () => {
      const response = await request(id);
      expect(['completed', 'incomplete']).toContain(response.body.state);
      return response.body;
    }, timeoutMs);

  it('exports a part from every service, read through presigned URLs, and tells the admin it is ready', async () => {
    const { user } = await userWithData();
    const started = await api.post('/api/admin/gdpr/data-export', { user_id: user.id }, { token: root.accessToken });
    expect(started.status).toBe(201);
    expect(started.body).toMatchObject({ kind: 'export', state: 'running', user_id: user.id, requested_by: root.id });
    const done = await ended(started.body.id);
    expect(done.state).toBe('completed');
    expect(done.parts.map((p: any) => p.service).sort()).toEqual([...GDPR_SERVICES].sort());
    for (const part of done.parts) {
      expect(part).toMatchObject({ status: 'completed', url: expect.stringMatching(/^http/) });
      const fetched = await fetch(part.url);
      expect(fetched.status).toBe(200);
      const text = await fetched.text();
      const body = JSON.parse(text);
      expect(body).toMatchObject({ service: part.service, user_id: user.id, request_id: started.body.id });
      const rows = Object.values(body.tables as Record<string, unknown[]>).reduce((n, t) => n + t.length, 0);
      expect(rows).toBeGreaterThan(0);
      expect(rows).toBe(part.rows);
      expect(text).toContain(user.id);
      expect(text).not.toMatch(/password_hash|totp_secret|key_hash|_enc"/);
      // Cached answers of the user's own requests are not part of it (ADR 0016).
      expect(Object.keys(body.tables)).not.toContain('idempotency_records');
    }
    const auth = JSON.parse(await (await fetch(done.parts.find((p: any) => p.service === 'auth').url)).text());
    const part = async (service: string) => JSON.parse(await (await fetch(done.parts.find((p: any) => p.service === service).url)).text());
    const sites = await part('sites');
    expect(sites.tables.sites).toHaveLength(1);
    expect(sites.tables.form_submissions).toEqual([expect.objectContaining({ fields: { email: 'visitor@example.com' } })]);
    const automation = await part('automation');
    expect(automation.tables.workflows).toHaveLength(1);
    expect(automation.tables.workflow_runs).toEqual([expect.objectContaining({ status: 'succeeded' })]);
    expect(automation.tables.user_time_zones).toEqual([expect.objectContaining({ time_zone: 'Europe/Berlin' })]);
    expect(auth.tables.user_preferences).toEqual([expect.objectContaining({ timezone: 'Europe/Berlin' })]);
    expect(auth.tables.users[0]).toMatchObject({ id: user.id, email: user.email });

    // The alias route starts another one.
    const again = await api.post(`/api/admin/users/${user.id}/data-export`, {}, { token: root.accessToken });
    expect(again.status).toBe(201);
    expect(again.body.id).not.toBe(started.body.id);

    // "Data export ready": a notice and a mail to the admin who asked.
    await eventually(async () => {
      const notices = await api.get('/api/notifications', { token: root.accessToken });
      expect(notices.body.notifications.map((n: any) => n.type)).toContain('gdpr.export.ready');
    }, 20_000);
    await eventually(async () => {
      expect(full.smtp.messages(root.email).map((m) => m.subject)).toContain('Your SoftFactory data export is ready');
    }, 20_000);

    // In the audit log: requested and completed.
    const audit = await api.get('/api/admin/audit-logs', {
      token: root.accessToken,
      query: { resource_type: 'gdpr_request', user_id: user.id },
    });
    const actions = (audit.body.logs as any[]).filter((l) => l.resource_id === started.body.id).map((l) => l.action);
    expect(actions.sort()).toEqual(['gdpr.export.completed', 'gdpr.export.requested']);
  }, 180_000);

  it('deletes or anonymises every row naming the user; invoices stay, anonymised', async () => {
    const { user, invoiceId, siteId } = await userWithData();
    expect(await objectsOf(user)).toBeGreaterThan(0);
    expect(await objectsUnder(`sites/${siteId}/`)).toBeGreaterThan(0);
    const held = Object.keys(await rowsNaming(user));
    for (const service of ['coocook', 'automation', 'sites']) expect(held).toContain(`${service}.idempotency_records.user_id`);
    const started = await api.post('/api/admin/gdpr/data-delete', { user_id: user.id, grace_days: 0 }, { token: root.accessToken });
    expect(started.status).toBe(201);
    expect(started.body).toMatchObject({ kind: 'delete', state: 'running' });
    const done = await ended(started.body.id);
    expect(done).toMatchObject({ state: 'completed', missing: [] });
    expect(done.parts.every((p: any) => p.status === 'completed')).toBe(true);
    await eventually(async () => expect(await rowsNaming(user)).toEqual({}), 15_000);
    expect(await objectsOf(user)).toBe(0);
    // The published site's pages went with its rows.
    expect(await objectsUnder(`sites/${siteId}/`)).toBe(0);
    const invoice = await db.query(`SELECT user_id, recipient_email, notes, total_krw FROM payment.invoices WHERE id = $1`, [invoiceId]);
    expect(invoice.rows).toHaveLength(1);
    expect(invoice.rows[0]).toMatchObject({ recipient_email: null, notes: null, total_krw: '11000' });
    expect(invoice.rows[0].user_id).not.toBe(user.id);
    // The account is gone: its token is refused.
    expect((await api.get('/api/auth/me', { token: user.accessToken })).status).toBe(401);
    const audit = await api.get('/api/admin/audit-logs', {
      token: root.accessToken,
      query: { resource_type: 'gdpr_request', user_id: user.id },
    });
    expect((audit.body.logs as any[]).map((l) => l.action).sort()).toEqual([
      'gdpr.delete.completed',
      'gdpr.delete.scheduled',
      'gdpr.delete.started',
    ]);
  }, 180_000);

  it('takes a user deleting their own account down the same path', async () => {
    const { user } = await userWithData();
    const deleted = await api.delete('/api/auth/account', { token: user.accessToken, body: { password: user.password } });
    expect(deleted.status).toBe(204);
    const deletion = await eventually(async () => {
      const list = await api.get('/api/admin/gdpr/requests', { token: root.accessToken, query: { user_id: user.id, kind: 'delete' } });
      expect(list.body.requests).toHaveLength(1);
      return list.body.requests[0];
    }, 15_000);
    expect(deletion.requested_by).toBeNull();
    expect((await ended(deletion.id)).state).toBe('completed');
    await eventually(async () => expect(await rowsNaming(user)).toEqual({}), 15_000);
  }, 180_000);

  it('deletes nothing when the deletion is cancelled in its grace period', async () => {
    const user = await registerUser(api);
    const list = await api.post('/api/shopping-list', { name: 'Keep me' }, { token: user.accessToken });
    await eventually(async () => expect(await servicesHolding(user)).toContain('admin'), 15_000);
    const before = await rowsNaming(user);
    const scheduled = await api.post('/api/admin/gdpr/data-delete', { user_id: user.id, grace_days: 7 }, { token: root.accessToken });
    expect(scheduled.status).toBe(201);
    expect(scheduled.body.state).toBe('scheduled');
    expect(Date.parse(scheduled.body.scheduled_for)).toBeGreaterThan(Date.now() + 6 * 24 * 3600 * 1000);
    const second = await api.post('/api/admin/gdpr/data-delete', { user_id: user.id }, { token: root.accessToken });
    expect(second.status).toBe(409);
    const cancelled = await api.post(`/api/admin/gdpr/requests/${scheduled.body.id}/cancel`, {}, { token: root.accessToken });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body).toMatchObject({ state: 'cancelled', cancelled_at: expect.any(String) });
    expect((await api.post(`/api/admin/gdpr/requests/${scheduled.body.id}/cancel`, {}, { token: root.accessToken })).status).toBe(409);
    // The job that would have started the deletion at the end of the grace period is withdrawn.
    const job = await db.query(`SELECT state FROM admin_jobs.job WHERE id = $1`, [scheduled.body.id]);
    expect(job.rows).toEqual([{ state: 'cancelled' }]);
    expect(await rowsNaming(user)).toEqual(before);
    expect((await api.get('/api/auth/me', { token: user.accessToken })).status).toBe(200);
    if (list.status === 201) expect((await api.get(`/api/shopping-list/${list.body.id}`, { token: user.accessToken })).status).toBe(200);
    const audit = await api.get('/api/admin/audit-logs', {
      token: root.accessToken,
      query: { resource_type: 'gdpr_request', user_id: user.id },
    });
    expect((audit.body.logs as any[]).map((l) => l.action).sort()).toEqual(['gdpr.delete.cancelled', 'gdpr.delete.scheduled']);
  }, 60_000);

  it('starts a scheduled deletion when its grace period ends', async () => {
    const user = await registerUser(api);
    await eventually(async () => expect(await servicesHolding(user)).toContain('admin'), 15_000);
    const scheduled = await api.post('/api/admin/gdpr/data-delete', { user_id: user.id, grace_days: 1 }, { token: root.accessToken });
    expect(scheduled.body.state).toBe('scheduled');
    // The grace period ends now: the job that was due in a day becomes due.
    const due = await db.query(`UPDATE admin_jobs.job SET start_after = now() WHERE id = $1 AND state = 'created'`, [scheduled.body.id]);
    expect(due.rowCount).toBe(1);
    expect((await ended(scheduled.body.id)).state).toBe('completed');
    await eventually(async () => expect(await rowsNaming(user)).toEqual({}), 15_000);
  }, 60_000);

  it('ends an export incomplete, naming a service that did not answer by the deadline; the report shows it', async () => {
    const user = await registerUser(api);
    await eventually(async () => expect(await servicesHolding(user)).toContain('admin'), 15_000);
    await fleet.stopService('review');
    try {
      const started = await api.post('/api/admin/gdpr/data-export', { user_id: user.id }, { token: root.accessToken });
      expect(started.status).toBe(201);
      const done = await ended(started.body.id, (DEADLINE_SECONDS + 30) * 1000);
      expect(done).toMatchObject({ state: 'incomplete', missing: ['review'] });
      expect(done.parts.find((p: any) => p.service === 'review')).toMatchObject({ status: 'pending', url: null });
      const report = await api.get('/api/admin/compliance/report', { token: root.accessToken });
      expect(report.status).toBe(200);
      expect(report.body.incomplete.map((r: any) => r.id)).toContain(started.body.id);
      expect(report.body.counts).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'export', state: 'incomplete' })]));
      expect(report.body.participating_services.sort()).toEqual([...GDPR_SERVICES].sort());
    } finally {
      await fleet.startService('review');
    }
  }, 120_000);

  it('answers 401 anonymous, 403 to a plain user, 422 naming the field, 404 for an unknown user', async () => {
    const plain = await registerUser(api);
    const routes: [string, string, object?][] = [
      ['post', '/api/admin/gdpr/data-export', { user_id: plain.id }],
      ['post', `/api/admin/users/${plain.id}/data-export`, {}],
      ['post', '/api/admin/gdpr/data-delete', { user_id: plain.id }],
      ['get', '/api/admin/gdpr/requests'],
      ['get', '/api/admin/gdpr/requests/00000000-0000-4000-8000-000000000000'],
      ['post', '/api/admin/gdpr/requests/00000000-0000-4000-8000-000000000000/cancel', {}],
      ['get', '/api/admin/compliance/report'],
    ];
    for (const [method, path, body] of routes) {
      const call = (token?: string) =>
        method === 'get' ? api.get(path, token ? { token } : {}) : api.post(path, body ?? {}, token ? { token } : {});
      expect([path, (await call()).status]).toEqual([path, 401]);
      expect([path, (await call(plain.accessToken)).status]).toEqual([path, 403]);
    }
    const bad = await api.post('/api/admin/gdpr/data-delete', { user_id: 'nope', grace_days: -1 }, { token: root.accessToken });
    expect(bad.status).toBe(422);
    expect(Object.keys(bad.body.error.details).sort()).toEqual(['grace_days', 'user_id']);
    const unknown = await api.post(
      '/api/admin/gdpr/data-export',
      { user_id: '00000000-0000-4000-8000-000000000000' },
      { token: root.accessToken },
    );
    expect(unknown.status).toBe(404);
    expect((await request('00000000-0000-4000-8000-000000000000')).status).toBe(404);
    expect((await api.post('/api/admin/gdpr/data-delete', { user_id: root.id }, { token: root.accessToken })).status).toBe(409);
  });
});
