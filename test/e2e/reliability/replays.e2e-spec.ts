import { randomUUID } from 'node:crypto';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { Client } from 'pg';
import { ALL_CONSUMERS, ConsumerDefinition } from '@sf/contracts';
import { eventsStreamName } from '@sf/events/streams';
import { flushLogs } from '@sf/observability';
import { ApiResponse, eventually, RegisteredUser, registerUser } from '@sf/testing';
import { adminEmail, registerFirstAdmin } from '../admin/admin-helpers';
import { finishedRun } from '../automation/automation-fleet';
import { daysFromNow, recipeBody, registerChef } from '../coocook/coocook-helpers';
import { FullFleet, startFullFleet } from '../full-fleet';
import { payCheckout, TEST_STRIPE_SECRET_KEY, TEST_STRIPE_WEBHOOK_SECRET } from '../payment-fleet';
import { campaignBody } from '../review/review-helpers';
import { connectAccount } from '../sns/sns-fleet';
import { uploadFile } from '../storage/files-client';
import { checkReplay } from '../../../reliability/replays';
import { LogCapture, STACK_OR_SQL } from './checks';
import { subscribedUser } from './object-factories';

/** Readers that keep no inbox by design, with why; every other consumer must apply an event once. */
const WITHOUT_INBOX: Record<string, string> = {
  'gateway-auth-feed': 'the gateway holds its lists in memory and applying an auth event twice sets the same entry',
};

interface StoredEvent {
  subject: string;
  event: { id: string; type: string; [key: string]: unknown };
}

describe('replays: every event consumer fed its event twice ends as once; the Stripe webhook replayed; no secret in a log line, no stack in a 5xx', () => {
  let env: FullFleet;
  let db: Client;
  let user: RegisteredUser;
  const email = adminEmail();
  const logs = new LogCapture();
  const secrets: string[] = [TEST_STRIPE_WEBHOOK_SECRET, TEST_STRIPE_SECRET_KEY];
  const serverErrors: string[] = [];
  const as = (u: RegisteredUser) => ({ token: u.accessToken });
  /** Every answer of this suite passes here: a 5xx must carry no stack and no SQL. */
  const seen = (response: ApiResponse, label: string) => {
    if (response.status >= 500 && STACK_OR_SQL.test(response.text)) serverErrors.push(`${label}: ${response.text.slice(0, 300)}`);
    return response;
  };

  beforeAll(async () => {
    logs.start();
    env = await startFullFleet({
      DEMO_MODE: 'false',
      REVIEW_SOURCE_MIN_INTERVAL_MS: '0',
      WEBHOOK_ALLOWED_HOSTS: '127.0.0.1',
      ADMIN_EMAILS: email,
      // Every line a service can write, so a secret in any of them is seen.
      LOG_LEVEL: 'debug',
    });
    db = new Client({ connectionString: env.fleet.adminDatabaseUrl });
    await db.connect();
    const api = env.api;

    // Activity that makes an event of every type some consumer reads.
    user = await subscribedUser(api, payCheckout);
    const login = await api.post('/api/auth/login', { email: user.email, password: user.password });
    expect(login.status).toBe(200);
    secrets.push(user.password, user.accessToken, user.refreshToken, login.body.access_token, login.body.refresh_token);
    const key = await api.post('/api/settings/api-keys', { name: 'replays', permissions: ['read:profile', 'write:profile'] }, as(user));
    expect(key.status).toBe(201);
    secrets.push(key.body.key);
    seen(await api.get('/api/auth/me', { apiKey: key.body.key }), 'me by key');
    const hook = await api.post('/api/settings/webhooks', { url: 'http://127.0.0.1:9/hook', events: ['review.reward.received'] }, as(user));
    expect(hook.status).toBe(201);
    secrets.push(hook.body.secret);
    const file = await uploadFile(api, user.accessToken, { name: 'a.txt', bytes: Buffer.from('replay') }, 'document', {
      type: 'text/plain',
    });
    expect(file.status).toBe(201);
    expect(
      (
        await api.post(
          '/api/coocook/chef/register',
          { name: 'Replay Chef', bio: 'Soups', cuisine: 'Korean', location: 'Seoul', hourly_rate_krw: 40_000 },
          as(user),
        )
      ).status,
    ).toBe(201);
    const recipe = await api.post('/api/recipes', recipeBody(), as(user));
    expect(recipe.status).toBe(201);
    const chef = await registerChef(api);
    const booking = await api.post(
      '/api/coocook/bookings',
      { chef_id: chef.chef.id, booking_date: daysFromNow(10), duration_hours: 2 },
      as(user),
    );
    expect(booking.status).toBe(201);
    const account = await connectAccount(api, user, 'twitter', `replay_${Date.now()}`);
    expect((await api.post('/api/sns/posts', { account_id: account.id, content: 'Replay post' }, as(user))).status).toBe(201);
    expect((await api.post('/api/review/campaigns', campaignBody(), as(user))).status).toBe(201);
    // A preferred time zone (automation keeps it), a run whose notify step notices its owner (notifications).
    expect((await api.put('/api/settings/preferences', { timezone: 'Europe/Berlin' }, as(user))).status).toBe(200);
    const workflow = await api.post(
      '/api/ai-automation/workflow',
      { name: 'Replay', trigger: { type: 'manual' }, steps: [{ id: 'tell', type: 'notify', params: { title: 'Replay', body: 'Ran' } }] },
      as(user),
    );
    expect(workflow.status).toBe(201);
    const run = await api.post(`/api/ai-automation/workflow/${workflow.body.id}/run`, {}, as(user));
    expect(run.status).toBe(201);
    expect((await finishedRun(api, user, workflow.body.id, run.body.id)).status).toBe('succeeded');
    // A site, and a GDPR export an admin asked for: every service answers it, and its end is noticed.
    expect((await api.post('/api/webapp-builder/site', { name: 'Replay site' }, as(user))).status).toBe(201);
    const admin = await registerFirstAdmin(api, email);
    secrets.push(admin.password, admin.accessToken, admin.refreshToken);
    const exported = await api.post('/api/admin/gdpr/data-export', { user_id: user.id }, as(admin));
    expect(exported.status).toBe(201);
    await eventually(async () => {
      const request = await api.get(`/api/admin/gdpr/requests/${exported.body.id}`, as(admin));
      expect(request.body.state).toBe('completed');
    }, 40_000);
    // A report a moderator upholds by removing the recipe (coocook, review and sns read removals).
    const report = await api.post('/api/reports', { content_type: 'recipe', content_id: recipe.body.id, reason: 'Replay' }, as(user));
    expect(report.status).toBe(201);
    expect((await api.post(`/api/admin/flagged-content/${report.body.id}/remove`, {}, as(admin))).status).toBe(200);
    const leaving = await registerUser(api);
    secrets.push(leaving.password, leaving.accessToken, leaving.refreshToken);
    expect((await api.delete('/api/auth/account', { token: leaving.accessToken, body: { password: leaving.password } })).status).toBe(204);
    // The gateway's one-minute traffic summary of the last minute with requests (admin's history
    // reads it): after it, no summary comes to change admin's tables while the replays are checked.
    const lastMinute = new Date(Math.floor(Date.now() / 60_000) * 60_000).toISOString();
    const jsm = await jetstreamManager(env.fleet.nats);
    const stream = eventsStreamName({ subjectPrefix: env.fleet.env.NATS_SUBJECT_PREFIX });
    await eventually(
      async () => {
        const last = await jsm.streams.getMessage(stream, { last_by_subj: env.fleet.subject('events.gateway.traffic.summarized') });
        const minute = last ? (last.json<{ data: { minute: string } }>().data.minute ?? '') : '';
        if (minute < lastMinute) throw new Error('the summary of the last minute has not come yet');
      },
      90_000,
      500,
    );
  }, 300_000);
  afterAll(async () => {
    logs.stop();
    await db?.end();
    await env?.close();
  });

  /** Every event in the fleet's stream so far. */
  async function storedEvents(): Promise<StoredEvent[]> {
    const stream = eventsStreamName({ subjectPrefix: env.fleet.env.NATS_SUBJECT_PREFIX });
    const consumer = await jetstream(env.fleet.nats).consumers.get(stream);
    const out: StoredEvent[] = [];
    const total = (await consumer.info(true)).num_pending;
    while (out.length < total) {
      const batch = await consumer.fetch({ max_messages: 200, expires: 2000 });
      let got = 0;
      for await (const msg of batch) {
        got += 1;
        out.push({ subject: msg.subject, event: msg.json() });
      }
      if (got === 0) break;
    }
    await consumer.delete().catch(() => undefined);
    return out;
  }

  /** Waits until every durable reader has read and acknowledged everything in the stream. */
  async function allDrained(): Promise<void> {
    const jsm = await jetstreamManager(env.fleet.nats);
    const stream = eventsStreamName({ subjectPrefix: env.fleet.env.NATS_SUBJECT_PREFIX });
    const durables = ALL_CONSUMERS.filter((c) => !WITHOUT_INBOX[c.name]).map((c) => c.name);
    await eventually(async () => {
      for (const name of durables) {
        const info = await jsm.consumers.info(stream, name);
        if (info.num_pending + info.num_ack_pending !== 0) throw new Error(`${name} has events to go`);
      }
    }, 30_000);
  }

  it('feeds every consumer one of its events twice under one id: one inbox row, the second changes nothing', async () => {
    await allDrained();
    const stored = await storedEvents();
    const consumers = ALL_CONSUMERS.filter((c) => !WITHOUT_INBOX[c.name]);
    const failures: string[] = [];
    // One event per consumer, of a type it reads (an event already picked for another reader is reused).
    const picks = new Map<string, { event: StoredEvent; readers: ConsumerDefinition[] }>();
    for (const consumer of consumers) {
      const match = stored.find(
        (s) =>
          consumer.reads.types.includes(s.event.type) && s.subject.endsWith(`events.${consumer.reads.catalogue.service}.${s.event.type}`),
      );
      if (!match) {
        failures.push(`${consumer.name}: no event of ${consumer.reads.types.join(', ')} was made (the activity above must make one)`);
        continue;
      }
      const existing = [...picks.values()].find(
        (p) => consumer.reads.types.includes(p.event.event.type) && p.event.subject === match.subject,
      );
      if (existing) existing.readers.push(consumer);
      else picks.set(match.event.id, { event: match, readers: [consumer] });
    }
    const js = jetstream(env.fleet.nats);
    for (const { event, readers } of picks.values()) {
      // Everyone who reads this subject gets it, not only the readers picked for it.
      const all = consumers.filter(
        (c) =>
          c.reads.types.includes(event.event.type) && event.subject.endsWith(`events.${c.reads.catalogue.service}.${event.event.type}`),
      );
      const replay = () =>
        checkReplay({
          db,
          readers: all.map((c) => ({ name: c.name, schema: c.service })),
          event: { ...event.event, id: randomUUID() },
          publish: async (data) => void (await js.publish(event.subject, data, { msgID: randomUUID() })),
          drained: allDrained,
        });
      // The fleet's own background work (a minute's traffic summary, a job's poll) can land between
      // the two digests of a loaded machine: a reader that applies a copy twice does so again with
      // a fresh event, background work does not come back at the same moment.
      const found = await replay();
      failures.push(...(found.length ? await replay() : found));
      expect(readers.length).toBeGreaterThan(0);
    }
    expect(failures).toEqual([]);
    expect(picks.size).toBeGreaterThan(5);
  }, 300_000);

  it('applies a real checkout’s Stripe events resent five times, newest first, once; a stale signature is a 400', async () => {
    const api = env.api;
    const mine = env.stripe.events().filter((e) => JSON.stringify(e.data.object).includes(user.id));
    expect(mine.length).toBeGreaterThan(0);
    const before = await Promise.all(
      ['/api/payment/subscriptions', '/api/payment/invoices', '/api/payment/history'].map((p) => api.get(p, as(user))),
    );
    for (let round = 0; round < 5; round++)
      for (const event of [...mine].reverse()) {
        const payload = JSON.stringify(event);
        const answer = seen(
          await api.request('POST', '/api/payment/webhook', {
            raw: payload,
            headers: { 'Content-Type': 'application/json', 'Stripe-Signature': env.stripe.sign(payload) },
          }),
          'webhook',
        );
        expect(answer.status).toBe(200);
      }
    const stale = JSON.stringify(mine[0]);
    const refused = seen(
      await api.request('POST', '/api/payment/webhook', {
        raw: stale,
        headers: { 'Content-Type': 'application/json', 'Stripe-Signature': env.stripe.sign(stale, Math.floor(Date.now() / 1000) - 3600) },
      }),
      'stale webhook',
    );
    expect(refused.status).toBe(400);
    await allDrained();
    const after = await Promise.all(
      ['/api/payment/subscriptions', '/api/payment/invoices', '/api/payment/history'].map((p) => api.get(p, as(user))),
    );
    expect(after.map((a) => a.body)).toEqual(before.map((b) => b.body));
  }, 120_000);

  it('answers 503 without a stack or SQL while a service is down', async () => {
    await env.fleet.stopService('payment');
    try {
      const answer = seen(await env.api.get('/api/payment/subscriptions', as(user)), 'payment down');
      expect(answer.status).toBe(503);
    } finally {
      await env.fleet.startService('payment');
    }
    expect(serverErrors).toEqual([]);
  }, 60_000);

  it('wrote no password, token, API key or webhook secret the suite used to any log line', async () => {
    flushLogs();
    await new Promise((resolve) => setTimeout(resolve, 300));
    const lines = logs.lines();
    expect(lines.length).toBeGreaterThan(50);
    const leaks = lines.flatMap((line) =>
      secrets.filter((s) => s.length >= 8 && line.includes(s)).map((s) => `${s.slice(0, 6)}… in ${line.slice(0, 300)}`),
    );
    expect(leaks).toEqual([]);
  });
});
