import { jetstream } from '@nats-io/jetstream';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { roleUrl, serviceDataSourceOptions } from '@sf/database';
import { ApiClient, eventually, registerUser, RegisteredUser, TestFleet } from '@sf/testing';
import { ADMIN_SCHEMA } from '../../../apps/admin/src/database';
import { rebuildHistory } from '../../../apps/admin/src/history/history-rebuild';
import { adminEmail, registerFirstAdmin, startAdminFleet } from './admin-helpers';

/** The first instant of the UTC month `offset` months from now's. */
const month = (offset: number, day = 1, hour = 0) => {
  const now = new Date();
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + offset, day, hour));
};

describe('analytics over the event history: cohorts, retention and funnels by event time; the rebuild from the stream', () => {
  let fleet: TestFleet;
  let api: ApiClient;
  let root: RegisteredUser;
  const email = adminEmail();
  let published = 0;

  beforeAll(async () => {
    ({ fleet, api } = await startAdminFleet(email));
    root = await registerFirstAdmin(api, email);
  });
  afterAll(() => fleet?.close());

  /** An auth event as auth would publish it, at a time in the past. */
  async function publish(type: string, userId: string, time: Date, data: Record<string, unknown>) {
    const id = randomUUID();
    const event = {
      specversion: '1.0',
      id,
      source: 'softfactory/auth',
      type,
      time: time.toISOString(),
      subject: userId,
      datacontenttype: 'application/json',
      data: { user_id: userId, ...data },
    };
    await jetstream(fleet.nats).publish(fleet.subject(`events.auth.${type}`), JSON.stringify(event), { msgID: id });
    published += 1;
  }
  const register = (u: string, at: Date) =>
    publish('user.registered', u, at, { email: `${u}@example.test`, name: 'Past', roles: ['user'] });
  const login = (u: string, at: Date) => publish('auth.login.succeeded', u, at, { session_id: randomUUID(), ip: '127.0.0.1' });
  const failed = (u: string, at: Date) => publish('auth.login.failed', u, at, { ip: '127.0.0.1', reason: 'password' });

  const [a1, a2, a3, b1, b2] = [1, 2, 3, 4, 5].map(() => randomUUID());
  const query = () => ({ date_from: month(-3).toISOString(), date_to: month(-1).toISOString() });

  it('gives the cohort and retention tables computed by hand from users registered over past months', async () => {
    // Cohort A (three months ago): a1 back the next month and this month, a2 two months later, a3 never.
    for (const u of [a1, a2, a3]) await register(u, month(-3, 5));
    await login(a1, month(-2, 10));
    await login(a1, new Date(Math.max(month(0).getTime() + 60_000, Date.now() - 60_000)));
    await login(a2, month(-1, 12));
    // Cohort B (two months ago): b1 active in its own month and the next; b2 only failed to sign in.
    for (const u of [b1, b2]) await register(u, month(-2, 3));
    await login(b1, month(-2, 20));
    await login(b1, month(-1, 2));
    await failed(b2, month(-1, 4));

    const key = (offset: number) => month(offset).toISOString().slice(0, 7);
    // Waits until the history holds every event published above (the last one changes nothing here).
    await eventually(async () => {
      const all = await api.get('/api/admin/analytics/funnel', {
        token: root.accessToken,
        query: { ...query(), steps: 'user.registered,auth.login.failed' },
      });
      expect(all.body.steps.map((s: any) => s.users)).toEqual([5, 1]);
    }, 15_000);
    const response = await api.get('/api/admin/analytics/cohort', { token: root.accessToken, query: query() });
    expect(response.status).toBe(200);
    const cohort = response.body;
    expect(cohort.cohorts).toEqual([
      { cohort: key(-3), size: 3, active: [3, 1, 1, 1], rates: [1, 0.3333, 0.3333, 0.3333] },
      { cohort: key(-2), size: 2, active: [2, 1, 0], rates: [1, 0.5, 0] },
    ]);
    expect(cohort.method).toMatch(/user.registered/);

    const retention = await api.get('/api/admin/analytics/retention', { token: root.accessToken, query: query() });
    expect(retention.body.cohorts).toEqual([
      { cohort: key(-3), size: 3, retained: [3, 2, 2, 1], rates: [1, 0.6667, 0.6667, 0.3333] },
      { cohort: key(-2), size: 2, retained: [2, 1, 0], rates: [1, 0.5, 0] },
    ]);
    const followed = await api.get('/api/admin/analytics/cohort', { token: root.accessToken, query: { ...query(), months: 2 } });
    expect(followed.body.cohorts.map((c: any) => c.active)).toEqual([
      [3, 1],
      [2, 1],
    ]);
  });

  it('counts 0 for a funnel step nobody reached, and refuses unknown steps', async () => {
    const funnel = await api.get('/api/admin/analytics/funnel', {
      token: root.accessToken,
      query: { ...query(), steps: 'user.registered,auth.login.succeeded,subscription.created' },
    });
    expect(funnel.status).toBe(200);
    expect(funnel.body.steps).toEqual([
      { step: 'user.registered', users: 5, rate_from_start: 1, rate_from_previous: 1 },
      { step: 'auth.login.succeeded', users: 3, rate_from_start: 0.6, rate_from_previous: 0.6 },
      { step: 'subscription.created', users: 0, rate_from_start: 0, rate_from_previous: 0 },
    ]);
    const defaults = await api.get('/api/admin/analytics/funnel', { token: root.accessToken, query: query() });
    expect(defaults.body.steps.map((s: any) => [s.step, s.users])).toEqual([
      ['user.registered', 5],
      ['subscription.created', 0],
      ['payment.completed', 0],
      ['subscription.renewed', 0],
    ]);
    const unknown = await api.get('/api/admin/analytics/funnel', {
      token: root.accessToken,
      query: { steps: 'user.registered,user.teleported' },
    });
    expect(unknown.status).toBe(422);
    expect(unknown.body.error.details).toHaveProperty('steps');
  });

  it('answers the seed analytics routes and exports a report as CSV and JSON', async () => {
    const overview = await api.get('/api/analytics/overview', { token: root.accessToken, query: { date_from: month(-3).toISOString() } });
    expect(overview.status).toBe(200);
    expect(overview.body.users.new_users_in_period).toBeGreaterThanOrEqual(5);
    expect(overview.body.revenue).toMatchObject({ total_mrr_krw: 0, gross_revenue_krw: 0, avg_revenue_per_user: null });
    for (const path of ['revenue', 'users', 'engagement', 'performance']) {
      expect((await api.get(`/api/analytics/${path}`, { token: root.accessToken })).status).toBe(200);
    }
    const csv = await api.get('/api/analytics/export', { token: root.accessToken, query: { ...query(), report: 'cohort', format: 'csv' } });
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toMatch(/text\/csv/);
    const lines = csv.text.trim().split('\n');
    expect(lines[0]).toBe('cohort,size,active,rates');
    expect(lines[1]).toBe(`${month(-3).toISOString().slice(0, 7)},3,3;1;1;1,1;0.3333;0.3333;0.3333`);
    const json = await api.get('/api/analytics/export', {
      token: root.accessToken,
      query: { ...query(), report: 'retention', format: 'json' },
    });
    expect(json.headers.get('content-type')).toMatch(/application\/json/);
    const doc = typeof json.body === 'string' ? JSON.parse(json.body) : json.body;
    expect(doc).toMatchObject({ report: 'retention', cohorts: [{ size: 3 }, { size: 2 }] });
    const bad = await api.get('/api/analytics/export', { token: root.accessToken, query: { report: 'everything', format: 'xml' } });
    expect(bad.status).toBe(422);
    expect(Object.keys(bad.body.error.details).sort()).toEqual(['format', 'report']);
  });

  it("reports health from the gateway's traffic summaries and pings, and says when a source has no data", async () => {
    const empty = await api.get('/api/admin/metrics/health', {
      token: root.accessToken,
      query: { date_from: '2020-01-01T00:00:00Z', date_to: '2020-01-02T00:00:00Z' },
    });
    expect(empty.body).toMatchObject({ api_uptime_pct: null, error_rate: null, requests: 0, minutes: 0 });
    expect(empty.body.notes.join(' ')).toMatch(/No traffic summary/);
    // Two minutes of one replica, as the gateway publishes them: the second one with a 5xx.
    const base = Math.floor(Date.now() / 60_000) * 60_000 - 10 * 60_000;
    for (const [offset, services] of [
      [0, [{ service: 'auth', requests: 8, errors: 0, client_errors: 2, duration_ms_sum: 80 }]],
      [
        60_000,
        [
          { service: 'auth', requests: 2, errors: 0, client_errors: 0, duration_ms_sum: 10 },
          { service: 'admin', requests: 10, errors: 1, client_errors: 0, duration_ms_sum: 210 },
        ],
      ],
    ] as const) {
      const id = randomUUID();
      const event = {
        specversion: '1.0',
        id,
        source: 'softfactory/gateway',
        type: 'traffic.summarized',
        time: new Date(base + offset + 60_000).toISOString(),
        subject: 'gw-test:1',
        datacontenttype: 'application/json',
        data: { instance: 'gw-test:1', minute: new Date(base + offset).toISOString(), services },
      };
      await jetstream(fleet.nats).publish(fleet.subject('events.gateway.traffic.summarized'), JSON.stringify(event), { msgID: id });
      published += 1;
    }
    const window = { date_from: new Date(base).toISOString(), date_to: new Date(base + 3 * 60_000).toISOString() };
    const health = await eventually(async () => {
      const response = await api.get('/api/admin/metrics/health', { token: root.accessToken, query: window });
      expect(response.body.minutes).toBe(2);
      return response.body;
    }, 15_000);
    expect(health).toMatchObject({ requests: 20, minutes: 2, api_uptime_pct: 50, error_rate: 0.05, avg_response_time_ms: 15 });
    expect(health.services).toEqual([
      { service: 'admin', requests: 10, errors: 1, error_rate: 0.1, avg_response_time_ms: 21 },
      { service: 'auth', requests: 10, errors: 0, error_rate: 0, avg_response_time_ms: 9 },
    ]);
    expect(health.database_health.ok).toBe(true);
    expect(health.redis_health.ok).toBe(true);
    const performance = await api.get('/api/analytics/performance', { token: root.accessToken, query: window });
    expect(performance.body.services).toEqual(health.services);

    const sns = await api.get('/api/admin/metrics/sns', { token: root.accessToken });
    expect(sns.body).toMatchObject({ source: 'sns', events: {}, breakdown: { platform: {} } });
    expect(sns.body.notes).toEqual(['No sns event in the period.']);
    expect((await api.get('/api/admin/metrics/reviews', { token: root.accessToken })).body.notes).toEqual([
      'No review event in the period.',
    ]);
    const engagement = await api.get('/api/admin/metrics/engagement', { token: root.accessToken });
    expect(engagement.body).toMatchObject({ total_posts: 0, avg_engagement_rate: null });
    const users = await api.get('/api/admin/metrics/users', { token: root.accessToken });
    expect(users.body.total_users).toBe(6);
  });

  it('erases a deleted account from the history, the revenue projection and the reports, keeping the figures', async () => {
    const leaver = await registerUser(api);
    const report = await api.post(
      '/api/reports',
      { content_type: 'recipe', content_id: randomUUID(), reason: 'Spam recipe' },
      { token: leaver.accessToken },
    );
    expect(report.status).toBe(201);
    const db = new Client({ connectionString: fleet.adminDatabaseUrl });
    await db.connect();
    try {
      const mentions = async () =>
        Number(
          (
            await db.query(
              `SELECT (SELECT count(*) FROM admin.event_history WHERE subject_user = $1 OR strpos(data::text, $1::text) > 0)
                    + (SELECT count(*) FROM admin.content_reports WHERE reported_by = $1 OR resolved_by = $1) AS n`,
              [leaver.id],
            )
          ).rows[0].n,
        );
      await eventually(async () => expect(await mentions()).toBeGreaterThanOrEqual(3), 15_000); // registered, signed in, reported
      const registrations = async () =>
        Number((await db.query(`SELECT count(*) FROM admin.event_history WHERE type = 'user.registered'`)).rows[0].count);
      const before = await registrations();
      const deleted = await api.request('DELETE', '/api/auth/account', { token: leaver.accessToken, body: { password: leaver.password } });
      expect(deleted.status).toBe(204);
      await eventually(async () => {
        expect(Number((await db.query(`SELECT count(*) FROM admin.event_history WHERE type = 'user.deleted'`)).rows[0].count)).toBe(1);
        expect(await mentions()).toBe(0);
      }, 15_000);
      expect(await registrations()).toBe(before);
      expect((await api.get(`/api/admin/flagged-content/${report.body.id}`, { token: root.accessToken })).body.reported_by).not.toBe(
        leaver.id,
      );
    } finally {
      await db.end();
    }
  });

  it('rebuilds an emptied history from the stream, once', async () => {
    const url = roleUrl(fleet.adminDatabaseUrl, 'admin', 'admin');
    const dataSource = new DataSource(serviceDataSourceOptions({ url, schema: 'admin', poolSize: 2 }, ADMIN_SCHEMA.entities, []));
    await dataSource.initialize();
    const superuser = new Client({ connectionString: fleet.adminDatabaseUrl });
    await superuser.connect();
    try {
      const count = async () => Number((await superuser.query('SELECT count(*) FROM admin.event_history')).rows[0].count);
      const before = await eventually(async () => {
        const n = await count();
        expect(n).toBeGreaterThanOrEqual(published);
        return n;
      }, 15_000);
      await expect(superuser.query('DELETE FROM admin.event_history')).rejects.toThrow(/append-only/);
      expect(await rebuildHistory(dataSource, fleet.nats, { subjectPrefix: fleet.env.NATS_SUBJECT_PREFIX })).toMatchObject({
        added: 0,
        skipped: expect.stringMatching(/not empty/),
      });
      // The live consumers stop first, so that only the rebuild fills the table.
      await fleet.stopService('admin');
      const kept = (await superuser.query('SELECT id FROM admin.event_history')).rows.map((r: { id: string }) => r.id);
      await superuser.query('BEGIN');
      await superuser.query(`SET LOCAL admin.history_erasure = 'on'`);
      await superuser.query('DELETE FROM admin.event_history');
      await superuser.query('COMMIT');
      expect(await count()).toBe(0);
      const rebuilt = await rebuildHistory(dataSource, fleet.nats, { subjectPrefix: fleet.env.NATS_SUBJECT_PREFIX });
      // Every row the live consumers kept comes back (a deleted account's events are added and erased
      // again as the replay reaches its deletion; the gateway's one-minute traffic summary may have
      // added one more to the stream meanwhile).
      const restored = (await superuser.query('SELECT id FROM admin.event_history')).rows.map((r: { id: string }) => r.id);
      expect(restored).toEqual(expect.arrayContaining(kept));
      expect(rebuilt.added).toBeGreaterThanOrEqual(restored.length);
      expect(restored.length).toBeGreaterThanOrEqual(before);
      const again = await rebuildHistory(dataSource, fleet.nats, { subjectPrefix: fleet.env.NATS_SUBJECT_PREFIX, force: true });
      expect(again).toMatchObject({ read: rebuilt.read, added: 0 });
    } finally {
      await superuser.end();
      await dataSource.destroy();
    }
  });
});
