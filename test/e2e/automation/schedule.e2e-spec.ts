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
});
