import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { DeliverPolicy, jetstream } from '@nats-io/jetstream';
import { eventsStreamName } from '@sf/events';
import { ApiClient, eventually, registerUser, RegisteredUser } from '@sf/testing';
import { daysFromNow, recipeBody, registerChef, subscribeToCoocook } from '../coocook/coocook-helpers';
import { payCheckout } from '../payment-fleet';
import { AutomationFleet, finishedRun, startAutomationFleet, subscribeToAutomation } from './automation-fleet';

/**
 * AI Automation (product 4) through the gateway: workflows from templates run by domain events,
 * durable runs that survive the service stopping mid-run, http.request steps that refuse private
 * addresses, tasks, per-plan limits, and another user's objects answering 404.
 */
describe('AI Automation workflows, runs and tasks', () => {
  let env: AutomationFleet;
  let api: ApiClient;
  let owner: RegisteredUser;
  let stranger: RegisteredUser;
  // A site of the user's, reachable because its host is allow-listed (as a local stand-in would be).
  let site: Server;
  let siteUrl: string;
  const siteRequests: string[] = [];

  beforeAll(async () => {
    site = createServer((req, res) => {
      siteRequests.push(req.url ?? '');
      if (req.url === '/big') return res.end('x'.repeat(1024 * 1024 + 10));
      res.setHeader('content-type', 'application/json');
      res.end(
        JSON.stringify({
          reviews: [
            { rating: 5, text: 'Lovely pasta' },
            { rating: 2, text: 'Too salty' },
          ],
        }),
      );
    });
    await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
    siteUrl = `http://127.0.0.1:${(site.address() as AddressInfo).port}`;
    env = await startAutomationFleet({
      AUTOMATION_HTTP_ALLOWED_HOSTS: new URL(siteUrl).host,
      AUTOMATION_STEPS_PER_WORKFLOW_FREE: '6',
      AUTOMATION_STEPS_PER_WORKFLOW_PRO: '6',
      AUTOMATION_STEPS_PER_WORKFLOW_ENTERPRISE: '6',
      AUTOMATION_RUNS_PER_DAY_FREE: '20',
      AUTOMATION_RUNS_PER_DAY_PRO: '20',
      AUTOMATION_RUNS_PER_DAY_ENTERPRISE: '20',
    });
    api = env.api;
    [owner, stranger] = [await registerUser(api), await registerUser(api)];
    await subscribeToAutomation(api, owner);
    await subscribeToAutomation(api, stranger);
  }, 120_000);
  afterAll(async () => {
    await env?.close();
    await new Promise((resolve) => site?.close(resolve));
  });

  const as = (user: RegisteredUser) => ({ token: user.accessToken });

  async function createWorkflow(user: RegisteredUser, body: Record<string, unknown>): Promise<any> {
    const created = await api.post('/api/ai-automation/workflow', body, as(user));
    if (created.status !== 201) throw new Error(`workflow create failed: ${created.status} ${created.text}`);
    return created.body;
  }

  it('answers 403 SUBSCRIPTION_REQUIRED to a user without AI Automation', async () => {
    const outsider = await registerUser(api);
    for (const response of [
      await api.get('/api/ai-automation/workflow', as(outsider)),
      await api.post('/api/ai-automation/workflow', { template_id: 'booking-thank-you' }, as(outsider)),
      await api.get('/api/ai-automation/tasks', as(outsider)),
      await api.get('/api/ai-automation/templates', as(outsider)),
    ]) {
      expect(response.status).toBe(403);
      expect(response.body.error).toMatchObject({ code: 'SUBSCRIPTION_REQUIRED', message: 'Subscription to AI Automation required' });
    }
  });

  it('runs a template workflow once when a booking of its owner is confirmed, with the AI step output in the run', async () => {
    const templates = await api.get('/api/ai-automation/templates', as(owner));
    expect(templates.status).toBe(200);
    expect(templates.body.templates.map((t: any) => t.id)).toEqual(
      expect.arrayContaining(['booking-thank-you', 'translate-new-recipe', 'daily-review-summary']),
    );
    expect((await api.get('/api/ai-automation/templates/booking-thank-you', as(owner))).body).toMatchObject({
      trigger: { type: 'event', event: 'booking.confirmed' },
    });
    expect((await api.get('/api/ai-automation/templates/no-such-template', as(owner))).status).toBe(404);

    const workflow = await createWorkflow(owner, { template_id: 'booking-thank-you', params: { signature: 'Chef Marco' } });
    expect(workflow).toMatchObject({
      template_id: 'booking-thank-you',
      trigger: { type: 'event', event: 'booking.confirmed' },
      is_active: true,
    });
    expect(JSON.stringify(workflow.steps)).toContain('signed Chef Marco');
    // Someone else's workflow on the same event: not theirs to see, so never run by it.
    const strangers = await createWorkflow(stranger, { template_id: 'booking-thank-you' });

    // The owner books a chef as a guest; the chef confirms once it is paid.
    await subscribeToCoocook(api, owner, payCheckout, eventually);
    const chef = await registerChef(api);
    const booked = await api.post(
      '/api/coocook/bookings',
      { chef_id: chef.chef.id, booking_date: daysFromNow(9), duration_hours: 2 },
      as(owner),
    );
    expect(booked.status).toBe(201);
    const pay = await api.post(`/api/coocook/bookings/${booked.body.id}/pay`, { amount: booked.body.total_price }, as(owner));
    await payCheckout(pay.body.checkout_url);
    await eventually(
      async () => expect((await api.get(`/api/coocook/bookings/${booked.body.id}`, as(owner))).body.status).toBe('paid'),
      15_000,
    );
    expect((await api.get(`/api/ai-automation/workflow/${workflow.id}/runs`, as(owner))).body.total).toBe(0);
    const confirmed = await api.put(`/api/coocook/bookings/${booked.body.id}`, { status: 'confirmed' }, as(chef.user));
    expect(confirmed.body.status).toBe('confirmed');

    const runs = await eventually(async () => {
      const list = await api.get(`/api/ai-automation/workflow/${workflow.id}/runs`, as(owner));
      if (list.body.total < 1) throw new Error('no run yet');
      return list.body;
    }, 20_000);
    const run = await finishedRun(api, owner, workflow.id, runs.runs[0].id);
    expect(run).toMatchObject({ status: 'succeeded', trigger: { type: 'event', event_type: 'booking.confirmed' } });
    expect(run.trigger.data).toMatchObject({ booking_id: booked.body.id, guest_id: owner.id });
    const [thankYou, send] = run.steps;
    expect(thankYou).toMatchObject({ step_id: 'thank_you', type: 'ai.generate', status: 'succeeded', attempts: 1 });
    expect(thankYou.input.prompt).toContain('signed Chef Marco');
    expect(thankYou.output.text).toContain('Thank-you note for the booking on');
    expect(thankYou.idempotency_key).toBe(`${run.id}:thank_you`);
    expect(send).toMatchObject({ step_id: 'send', type: 'notify', status: 'succeeded', output: { body: thankYou.output.text } });

    // The notify step reached the owner through notifications.
    const notice = await eventually(async () => {
      const list = await api.get('/api/notifications', as(owner));
      const found = list.body.notifications.find((n: any) => n.category === 'automations');
      if (!found) throw new Error('no automation notice yet');
      return found;
    }, 15_000);
    expect(notice).toMatchObject({ title: 'Booking thank-you ready', body: thankYou.output.text, data: { run_id: run.id } });
    expect((await api.get(`/api/ai-automation/workflow/${workflow.id}/runs`, as(owner))).body.total).toBe(1);
    // The event's workflows all start in one transaction: had the stranger's matched, its run would exist by now.
    expect((await api.get(`/api/ai-automation/workflow/${strangers.id}/runs`, as(stranger))).body.total).toBe(0);
    expect((await api.delete(`/api/ai-automation/workflow/${strangers.id}`, as(stranger))).status).toBe(204);
  }, 90_000);

  it("translates the owner's newly published recipe through the template, in the language asked for", async () => {
    const workflow = await createWorkflow(owner, { template_id: 'translate-new-recipe', params: { language: 'Spanish' } });
    expect(workflow.steps[0].params.target_language).toBe('Spanish');
    const recipe = await api.post('/api/recipes', recipeBody({ title: `Tomato Soup ${Date.now()}` }), as(owner));
    expect(recipe.status).toBe(201);
    const runs = await eventually(async () => {
      const list = await api.get(`/api/ai-automation/workflow/${workflow.id}/runs`, as(owner));
      if (list.body.total < 1) throw new Error('no run yet');
      return list.body;
    }, 20_000);
    const run = await finishedRun(api, owner, workflow.id, runs.runs[0].id);
    expect(run).toMatchObject({ status: 'succeeded', trigger: { event_type: 'recipe.published', data: { recipe_id: recipe.body.id } } });
    expect(run.steps[0]).toMatchObject({ step_id: 'translate', status: 'succeeded', input: { target_language: 'Spanish' } });
    expect(run.steps[0].input.text).toContain(recipe.body.title);
    expect(run.steps[0].output.text).toContain(recipe.body.title);
    const sent = env.ai.requests.find((r) => r.messages.some((m) => m.role === 'user' && m.content.startsWith(recipe.body.title)));
    expect(sent?.messages[0].content).toMatch(/into Spanish/);
  }, 60_000);

  it('resumes a run after the service stops mid-run, without repeating the step that had finished', async () => {
    const marker = `Crash marker ${Date.now()}`;
    const workflow = await createWorkflow(owner, {
      name: 'Survives a restart',
      trigger: { type: 'manual' },
      steps: [
        { id: 'draft', type: 'ai.generate', params: { prompt: `${marker} {{trigger.data.topic}}` } },
        { id: 'pause', type: 'delay', params: { seconds: 5 } },
        { id: 'translate', type: 'ai.translate', params: { text: '{{steps.draft.output.text}}', target_language: 'German' } },
      ],
    });
    const started = await api.post(`/api/ai-automation/workflow/${workflow.id}/run`, { input: { topic: 'sourdough' } }, as(owner));
    expect(started.status).toBe(201);
    expect(started.body).toMatchObject({ status: 'queued', workflow_id: workflow.id });

    await eventually(async () => {
      const run = (await api.get(`/api/ai-automation/workflow/${workflow.id}/runs/${started.body.id}`, as(owner))).body;
      expect(run.steps.map((s: any) => [s.step_id, s.status])).toEqual([
        ['draft', 'succeeded'],
        ['pause', 'waiting'],
      ]);
    }, 20_000);
    await env.fleet.stopService('automation');
    await env.fleet.startService('automation');

    const run = await finishedRun(api, owner, workflow.id, started.body.id, 60_000);
    expect(run.status).toBe('succeeded');
    expect(run.steps.map((s: any) => [s.step_id, s.status, s.attempts])).toEqual([
      ['draft', 'succeeded', 1],
      ['pause', 'succeeded', expect.any(Number)],
      ['translate', 'succeeded', 1],
    ]);
    expect(run.steps[0].input.prompt).toBe(`${marker} sourdough`);
    expect(run.steps[2].input.text).toBe(run.steps[0].output.text);
    const asked = env.ai.requests.filter((r) => r.messages.some((m) => m.role === 'user' && m.content === `${marker} sourdough`));
    expect(asked).toHaveLength(1);
  }, 120_000);

  it.each(['http://169.254.169.254/latest/meta-data/', 'http://10.0.0.1/'])(
    'fails an http.request step to %s with the reason, sending nothing and not retrying',
    async (url) => {
      const workflow = await createWorkflow(owner, {
        name: 'Reach inside',
        trigger: { type: 'manual' },
        steps: [{ id: 'fetch', type: 'http.request', params: { url, method: 'GET' } }],
      });
      const started = await api.post(`/api/ai-automation/workflow/${workflow.id}/run`, {}, as(owner));
      const run = await finishedRun(api, owner, workflow.id, started.body.id);
      expect(run.status).toBe('failed');
      expect(run.error).toMatch(/^step fetch: url points at a private, loopback, link-local or reserved address/);
      expect(run.steps[0]).toMatchObject({ status: 'failed', attempts: 1, output: { sent: false } });
      expect(run.steps[0].error).toMatch(/private, loopback, link-local/);
    },
  );

  it('publishes automation.run.started, then run.succeeded or run.failed with the failed step and reason', async () => {
    const passing = await createWorkflow(owner, {
      name: 'Passes',
      trigger: { type: 'manual' },
      steps: [{ id: 'check', type: 'condition', params: { left: '{{trigger.data.n}}', operator: 'greater_than', right: '1' } }],
    });
    const failing = await createWorkflow(owner, {
      name: 'Fails',
      trigger: { type: 'manual' },
      steps: [{ id: 'call', type: 'http.request', params: { url: 'http://10.0.0.1/' } }],
    });
    const ok = (await api.post(`/api/ai-automation/workflow/${passing.id}/run`, { input: { n: 2 } }, as(owner))).body;
    const bad = (await api.post(`/api/ai-automation/workflow/${failing.id}/run`, {}, as(owner))).body;
    expect((await finishedRun(api, owner, passing.id, ok.id)).steps[0].output).toEqual({ result: true });
    expect((await finishedRun(api, owner, failing.id, bad.id)).status).toBe('failed');

    await eventually(async () => {
      const consumer = await jetstream(env.fleet.nats).consumers.get(
        eventsStreamName({ subjectPrefix: env.fleet.env.NATS_SUBJECT_PREFIX }),
        {
          filter_subjects: env.fleet.subject('events.automation.run.>'),
          deliver_policy: DeliverPolicy.All,
        },
      );
      const pending = (await consumer.info()).num_pending;
      const found = new Map<string, any>();
      for await (const msg of await consumer.fetch({ max_messages: pending, expires: 2000 })) {
        const event = msg.json<{ type: string; subject: string; data: any }>();
        found.set(`${event.type} ${event.subject}`, event.data);
        if (msg.info.pending === 0) break;
      }
      expect(found.get(`run.started ${ok.id}`)).toMatchObject({ workflow_id: passing.id, user_id: owner.id, trigger_type: 'manual' });
      expect(found.get(`run.succeeded ${ok.id}`)).toMatchObject({ status: 'succeeded', finished_at: expect.any(String) });
      expect(found.get(`run.started ${bad.id}`)).toMatchObject({ workflow_id: failing.id });
      expect(found.get(`run.failed ${bad.id}`)).toMatchObject({
        status: 'failed',
        failed_step: 'call',
        error: expect.stringMatching(/private/),
      });
      expect(found.has(`run.succeeded ${bad.id}`)).toBe(false);
    }, 15_000);
  });

  it('runs the daily review summary now: fetches the URL, summarises the answer, sends it; an answer over 1 MB fails the step', async () => {
    const workflow = await createWorkflow(owner, {
      template_id: 'daily-review-summary',
      params: { reviews_url: `${siteUrl}/reviews`, cron: '30 8 * * *', time_zone: 'Asia/Seoul' },
    });
    expect(workflow.trigger).toEqual({ type: 'schedule', cron: '30 8 * * *', time_zone: 'Asia/Seoul' });
    expect(new Date(workflow.next_run_at).getUTCHours()).toBe(23);
    const started = await api.post(`/api/ai-automation/workflow/${workflow.id}/run`, {}, as(owner));
    const run = await finishedRun(api, owner, workflow.id, started.body.id);
    expect(run.status).toBe('succeeded');
    const [fetch, summary, send] = run.steps;
    expect(fetch).toMatchObject({
      step_id: 'fetch',
      output: { sent: true, status: 200, json: { reviews: [{ rating: 5 }, { rating: 2 }] } },
    });
    expect(summary.input.prompt).toContain('Too salty');
    expect(summary.output.text).toContain('Reviews of the last day');
    expect(send).toMatchObject({ status: 'succeeded', output: { body: summary.output.text } });

    const big = await createWorkflow(owner, {
      name: 'Too much',
      trigger: { type: 'manual' },
      steps: [{ id: 'fetch', type: 'http.request', params: { url: `${siteUrl}/big` } }],
    });
    const bigRun = await finishedRun(
      api,
      owner,
      big.id,
      (await api.post(`/api/ai-automation/workflow/${big.id}/run`, {}, as(owner))).body.id,
    );
    expect(bigRun.steps[0]).toMatchObject({ status: 'failed', attempts: 1, error: 'answer larger than 1048576 bytes' });
    expect(siteRequests.filter((u) => u === '/big')).toHaveLength(1);
  });

  it('refuses an invalid graph with 422 naming the field, and more steps than the plan allows', async () => {
    const bad = await api.post(
      '/api/ai-automation/workflow',
      {
        name: 'Bad',
        trigger: { type: 'schedule', cron: 'every day' },
        steps: [
          { id: 'a', type: 'ai.generate', params: {} },
          { id: 'b', type: 'teleport', params: {} },
        ],
      },
      as(owner),
    );
    expect(bad.status).toBe(422);
    expect(bad.body.error.code).toBe('VALIDATION_ERROR');
    expect(Object.keys(bad.body.error.details)).toEqual(expect.arrayContaining(['steps[0].params.prompt', 'steps[1].type']));

    const loop = await api.post(
      '/api/ai-automation/workflow',
      {
        name: 'Loop',
        trigger: { type: 'manual' },
        steps: [
          { id: 'a', type: 'ai.generate', params: { prompt: 'x' }, next: 'b' },
          { id: 'b', type: 'ai.generate', params: { prompt: 'y' }, next: 'a' },
        ],
      },
      as(owner),
    );
    expect(loop.status).toBe(422);
    expect(loop.body.error.details.steps[0]).toMatch(/must not loop/);

    const cron = await api.post(
      '/api/ai-automation/workflow',
      {
        name: 'Cron',
        trigger: { type: 'schedule', cron: '61 * * * *', time_zone: 'Asia/Seoul' },
        steps: [{ id: 'a', type: 'delay', params: { seconds: 1 } }],
      },
      as(owner),
    );
    expect(cron.status).toBe(422);
    expect(cron.body.error.details).toHaveProperty(['trigger.cron']);

    const seven = Array.from({ length: 7 }, (_, i) => ({ id: `s${i}`, type: 'delay', params: { seconds: 1 } }));
    const tooMany = await api.post('/api/ai-automation/workflow', { name: 'Long', trigger: { type: 'manual' }, steps: seven }, as(owner));
    expect(tooMany.status).toBe(422);
    expect(tooMany.body.error.details.steps[0]).toMatch(/at most 6 steps/);

    const scheduled = await createWorkflow(owner, {
      name: 'Mornings in Seoul',
      trigger: { type: 'schedule', cron: '0 9 * * *', time_zone: 'Asia/Seoul' },
      steps: [{ id: 'a', type: 'ai.generate', params: { prompt: 'Good morning' } }],
    });
    const next = new Date(scheduled.next_run_at);
    expect(next.getUTCHours()).toBe(0);
    expect(next.getTime()).toBeGreaterThan(Date.now());
  });

  it('runs a task asynchronously: idle, then queued, then succeeded with its output', async () => {
    const created = await api.post(
      '/api/ai-automation/task',
      { name: 'Translate a menu', type: 'ai.translate', params: { text: 'Menu of the day: risotto', target_language: 'French' } },
      as(owner),
    );
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ status: 'idle', executions: 0, output: null });
    const invalid = await api.post('/api/ai-automation/tasks', { name: 'x', type: 'ai.classify', params: { text: 'y' } }, as(owner));
    expect(invalid.status).toBe(422);
    expect(invalid.body.error.details).toHaveProperty(['params.labels']);

    const queued = await api.post(`/api/ai-automation/task/${created.body.id}/execute`, {}, as(owner));
    expect(queued.status).toBe(200);
    expect(queued.body.status).toBe('queued');
    const done = await eventually(async () => {
      const task = (await api.get(`/api/ai-automation/task/${created.body.id}`, as(owner))).body;
      if (task.status !== 'succeeded' && task.status !== 'failed') throw new Error(`task still ${task.status}`);
      return task;
    }, 20_000);
    expect(done).toMatchObject({ status: 'succeeded', attempts: 1, executions: 1, output: { target_language: 'French' } });
    expect(done.output.text).toContain('Menu of the day: risotto');

    const renamed = await api.put(`/api/ai-automation/task/${created.body.id}`, { name: 'Menu to French' }, as(owner));
    expect(renamed.body.name).toBe('Menu to French');
    expect((await api.get('/api/ai-automation/task', as(owner))).body.tasks.map((t: any) => t.id)).toContain(created.body.id);
  });

  it("answers 404 for another user's workflows, runs and tasks", async () => {
    const workflow = await createWorkflow(owner, {
      name: 'Private',
      trigger: { type: 'manual' },
      steps: [{ id: 'a', type: 'condition', params: { left: 'x', operator: 'exists' } }],
    });
    const run = (await api.post(`/api/ai-automation/workflow/${workflow.id}/run`, {}, as(owner))).body;
    expect((await finishedRun(api, owner, workflow.id, run.id)).status).toBe('succeeded');
    const task = (await api.post('/api/ai-automation/task', { name: 'Mine', type: 'ai.generate', params: { prompt: 'hello' } }, as(owner)))
      .body;
    for (const response of [
      await api.get(`/api/ai-automation/workflow/${workflow.id}`, as(stranger)),
      await api.put(`/api/ai-automation/workflow/${workflow.id}`, { name: 'Taken' }, as(stranger)),
      await api.post(`/api/ai-automation/workflow/${workflow.id}/run`, {}, as(stranger)),
      await api.get(`/api/ai-automation/workflow/${workflow.id}/runs`, as(stranger)),
      await api.get(`/api/ai-automation/workflow/${workflow.id}/runs/${run.id}`, as(stranger)),
      await api.delete(`/api/ai-automation/workflow/${workflow.id}`, as(stranger)),
      await api.get(`/api/ai-automation/task/${task.id}`, as(stranger)),
      await api.put(`/api/ai-automation/task/${task.id}`, { name: 'Taken' }, as(stranger)),
      await api.post(`/api/ai-automation/task/${task.id}/execute`, {}, as(stranger)),
    ]) {
      expect(response.status).toBe(404);
      expect(response.body.error.code).toBe('NOT_FOUND');
    }
    expect((await api.get('/api/ai-automation/workflows', as(stranger))).body.workflows.map((w: any) => w.id)).not.toContain(workflow.id);
    expect((await api.get(`/api/ai-automation/workflow/${workflow.id}`, as(owner))).status).toBe(200);
    expect((await api.delete(`/api/ai-automation/workflow/${workflow.id}`, as(owner))).status).toBe(204);
    expect((await api.get(`/api/ai-automation/workflow/${workflow.id}`, as(owner))).status).toBe(404);
  });

  it("answers 429 once the day's runs of the plan are spent", async () => {
    const workflow = await createWorkflow(stranger, {
      name: 'Busy',
      trigger: { type: 'manual' },
      steps: [{ id: 'a', type: 'condition', params: { left: '1', operator: 'equals', right: '1' } }],
    });
    const statuses: number[] = [];
    for (let i = 0; i < 20; i++) statuses.push((await api.post(`/api/ai-automation/workflow/${workflow.id}/run`, {}, as(stranger))).status);
    expect(statuses).toEqual(Array(20).fill(201));
    const refused = await api.post(`/api/ai-automation/workflow/${workflow.id}/run`, {}, as(stranger));
    expect(refused.status).toBe(429);
    expect(refused.body.error.code).toBe('RATE_LIMIT_EXCEEDED');
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
  });
});
