import { ApiClient, Closable, eventually, registerUser, RegisteredUser } from '@sf/testing';
import { bootstrapSns } from '../../../apps/sns/src/sns.bootstrap';
import { loadSnsConfig } from '../../../apps/sns/src/sns.config';
import { authService, paymentService, storageService } from '../fleet';
import { AppProcess, buildOnce, processStarter } from '../ops/processes';
import { connectAccount, settledPost, SnsFleet, startSnsFleet, subscribeToSns } from './sns-fleet';

/**
 * A post due in 2 s with two sns replicas; the one publishing it is killed (SIGKILL) after X has
 * made the post and before X's answer reaches it. The other replica takes the job over once the
 * dead worker's lease has run out, finds the post at X and records it: published exactly once.
 */
describe('publishing survives a replica killed mid-publish', () => {
  let env: SnsFleet;
  let api: ApiClient;
  let user: RegisteredUser;
  let killable: AppProcess | null = null;
  let survivor: Closable | null = null;

  beforeAll(async () => {
    buildOnce();
    // The first sns replica is a process of its own, which this test can kill.
    const processes: AppProcess[] = [];
    env = await startSnsFleet({}, [authService, paymentService, storageService, processStarter('sns', processes, 'debug')]);
    api = env.api;
    killable = processes[0];
    user = await registerUser(api);
    await subscribeToSns(api, user);
  }, 240_000);
  afterAll(async () => {
    await killable?.close();
    await survivor?.close();
    await env?.close();
  });

  it('publishes the post once, with the id X gave it', async () => {
    const account = await connectAccount(api, user, 'twitter', `crash_${Date.now()}`);
    // X makes the post at once but answers 30 s later: the publisher is mid-request until then.
    await env.control('x', '/outage', { publish_reply_delay_ms: 30_000 });
    const text = `Due in two seconds ${Date.now()}`;
    const due = new Date(Date.now() + 2000).toISOString();
    const created = await api.post(
      '/api/sns/posts',
      { account_id: account.id, content: text, scheduled_at: due },
      { token: user.accessToken },
    );
    expect(created.status).toBe(201);
    expect(created.body.status).toBe('scheduled');

    const made = await eventually(async () => {
      const log = (await env.control('x', '/publish-log', undefined, 'GET')).published as { id: string }[];
      const posts = (await env.control('x', '/posts', undefined, 'GET')).posts as { id: string; text: string }[];
      const mine = posts.filter((p) => p.text === text);
      if (!mine.length) throw new Error('not posted yet');
      return { log, mine };
    }, 20_000);
    expect(made.mine).toHaveLength(1);
    const publishing = (await api.get(`/api/sns/posts/${created.body.id}`, { token: user.accessToken })).body;
    expect(publishing.status).toBe('publishing');

    // The process made the request (it was the only replica); a second one starts beside it, then
    // the first is killed while it waits for X's answer.
    survivor = await bootstrapSns(loadSnsConfig({ ...env.fleet.env }));
    killable?.child.kill('SIGKILL');
    await killable?.exited;
    await env.control('x', '/outage', { publish_reply_delay_ms: 0 });

    const settled = await settledPost(api, user, created.body.id, 120_000);
    const posts = (await env.control('x', '/posts', undefined, 'GET')).posts as { id: string; text: string }[];
    const onX = posts.filter((p) => p.text === text);
    expect(onX).toHaveLength(1);
    expect(settled.status).toBe('published');
    expect(settled.targets[0]).toMatchObject({ status: 'published', external_id: onX[0].id });
  }, 180_000);

  it('never wrote a platform token to its log (it connected the account and published with it)', () => {
    const log = killable?.lines.join('\n') ?? '';
    expect(log).toMatch(/"service":"sns"/);
    expect(log).toMatch(/sns\.accounts\.callback|"msg"/);
    expect(log).not.toMatch(/\b(?:at|rt)_[0-9a-f]{36}\b/);
  });
});
