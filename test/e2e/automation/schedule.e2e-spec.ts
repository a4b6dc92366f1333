import { ApiClient, eventually, registerUser, RegisteredUser } from '@sf/testing';
import { authService, automationService, paymentService } from '../fleet';
import { AutomationFleet, finishedRun, startAutomationFleet, subscribeToAutomation } from './automation-fleet';

/** A scheduled workflow (pg-boss cron, in the workflow's time zone): runs come without anyone asking. */
describe('scheduled workflows', () => {
  let env: AutomationFleet;
  let api: ApiClient;
  let user: RegisteredUser;

  beforeAll(async () => {
    env = await startAutomationFleet({}, [authService, paymentService, automationService]);
    api = env.api;
    user = await registerUser(api);
    await subscribeToAutomation(api, user);
  }, 120_000);
  afterAll(() => env?.close());

  it('runs on its schedule; paused, it has no next run', async () => {
    const created = await api.post(
      '/api/ai-automation/workflow',
      {
        name: 'Every minute in Seoul',
        trigger: { type: 'schedule', cron: '* * * * *', time_zone: 'Asia/Seoul' },
        steps: [{ id: 'greet', type: 'ai.generate', params: { prompt: 'Scheduled hello at {{trigger.data.scheduled_at}}' } }],
      },
      { token: user.accessToken },
    );
    expect(created.status).toBe(201);
    expect(created.body.next_run_at).toEqual(expect.any(String));
    const runs = await eventually(async () => {
      const list = await api.get(`/api/ai-automation/workflow/${created.body.id}/runs`, { token: user.accessToken });
      if (list.body.total < 1) throw new Error('no scheduled run yet');
      return list.body;
    }, 150_000);
    const run = await finishedRun(api, user, created.body.id, runs.runs[0].id);
    expect(run).toMatchObject({ status: 'succeeded', trigger: { type: 'schedule', event_type: null } });
    expect(run.steps[0].output.text).toContain('Scheduled hello at 20');

    const paused = await api.put(`/api/ai-automation/workflow/${created.body.id}`, { is_active: false }, { token: user.accessToken });
    expect(paused.body).toMatchObject({ is_active: false, next_run_at: null });
  }, 180_000);

  it("reads a schedule saved without a time zone in the user's preferred one (Asia/Seoul until set)", async () => {
    const schedule = (name: string) =>
      api.post(
        '/api/ai-automation/workflow',
        {
          name,
          is_active: false,
          trigger: { type: 'schedule', cron: '0 9 * * *' },
          steps: [{ id: 'hi', type: 'ai.generate', params: { prompt: 'Good morning' } }],
        },
        { token: user.accessToken },
      );
    const before = await schedule('Before a preference');
    expect(before.status).toBe(201);
    expect(before.body.trigger.time_zone).toBe('Asia/Seoul');

    const saved = await api.put('/api/settings/preferences', { timezone: 'America/New_York' }, { token: user.accessToken });
    expect(saved.status).toBe(200);
    await eventually(async () => {
      const after = await schedule('After a preference');
      expect(after.body.trigger.time_zone).toBe('America/New_York');
    }, 10_000);
    // One given explicitly is kept, and the workflow saved before keeps its zone.
    const explicit = await api.post(
      '/api/ai-automation/workflow',
      {
        name: 'Explicit',
        is_active: false,
        trigger: { type: 'schedule', cron: '0 9 * * *', time_zone: 'Europe/Paris' },
        steps: [{ id: 'hi', type: 'ai.generate', params: { prompt: 'Bonjour' } }],
      },
      { token: user.accessToken },
    );
    expect(explicit.body.trigger.time_zone).toBe('Europe/Paris');
    const kept = await api.get(`/api/ai-automation/workflow/${before.body.id}`, { token: user.accessToken });
    expect(kept.body.trigger.time_zone).toBe('Asia/Seoul');
  });
});
