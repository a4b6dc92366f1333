import { ApiClient, eventually, registerUser, RegisteredUser } from '@sf/testing';
import { authService, automationService, paymentService } from '../fleet';
import { AutomationFleet, finishedRun, startAutomationFleet, subscribeToAutomation } from './automation-fleet';

/**
 * With the AI provider gone (its stand-in closed), an AI step and a task are retried with back-off
 * and then fail, naming the provider; nothing is made up in their place.
 */
describe('AI steps and tasks while the AI provider is down', () => {
  let env: AutomationFleet;
  let api: ApiClient;
  let user: RegisteredUser;

  beforeAll(async () => {
    env = await startAutomationFleet({ AUTOMATION_STEP_RETRY_LIMIT: '1' }, [authService, paymentService, automationService]);
    api = env.api;
    user = await registerUser(api);
    await subscribeToAutomation(api, user);
    await env.ai.close();
  }, 120_000);
  afterAll(() => env?.close());

  const as = () => ({ token: user.accessToken });

  it('retries an AI step once more after a back-off, then fails the run with the reason', async () => {
    const workflow = await api.post(
      '/api/ai-automation/workflow',
      { name: 'Needs AI', trigger: { type: 'manual' }, steps: [{ id: 'write', type: 'ai.generate', params: { prompt: 'Hello' } }] },
      as(),
    );
    const started = await api.post(`/api/ai-automation/workflow/${workflow.body.id}/run`, {}, as());
    const run = await finishedRun(api, user, workflow.body.id, started.body.id, 60_000);
    expect(run.status).toBe('failed');
    expect(run.steps[0]).toMatchObject({ status: 'failed', attempts: 2, output: null, error: 'AI provider local-ai is unavailable' });
  }, 90_000);

  it('fails a task the same way: queued, then failed with the reason and no output', async () => {
    const task = await api.post(
      '/api/ai-automation/task',
      { name: 'Label it', type: 'ai.classify', params: { text: 'Great food', labels: ['positive', 'negative'] } },
      as(),
    );
    expect((await api.post(`/api/ai-automation/task/${task.body.id}/execute`, {}, as())).body.status).toBe('queued');
    const done = await eventually(async () => {
      const current = (await api.get(`/api/ai-automation/task/${task.body.id}`, as())).body;
      if (current.status !== 'failed' && current.status !== 'succeeded') throw new Error(`task still ${current.status}`);
      return current;
    }, 60_000);
    expect(done).toMatchObject({ status: 'failed', attempts: 2, output: null, error: 'AI provider local-ai is unavailable' });
  }, 90_000);
});
