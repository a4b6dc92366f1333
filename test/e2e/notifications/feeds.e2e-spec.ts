import { ApiClient, eventually, registerUser, RegisteredUser } from '@sf/testing';
import { FullFleet, startFullFleet } from '../full-fleet';
import { addBlogAccount, campaignBody, subscribeToReview } from '../review/review-helpers';
import { connectAccount, settledPost, subscribeToSns } from '../sns/sns-fleet';
import { connected, openSocket, TestSocket } from './sockets';
import { WebhookReceiver } from './webhook-receiver';

/**
 * The notices, pushes and chat subjects made from sns's, review's and auth's events, through the
 * whole fleet: a post published at the platforms' stand-in, a campaign application approved, a
 * password sign-in. Customers' webhooks for `sns.post.published` and `review.application.approved`
 * receive those real events.
 */
describe('notifications from sns, review and auth events', () => {
  let env: FullFleet;
  let api: ApiClient;
  let receiver: WebhookReceiver;
  const sockets: TestSocket[] = [];
  const as = (user: RegisteredUser) => ({ token: user.accessToken });
  const open = (namespace: string, user: RegisteredUser) => {
    const socket = openSocket(env.fleet.baseUrl, namespace, { token: user.accessToken });
    sockets.push(socket);
    return socket;
  };
  /** Waits (deadline-bound) for the user's notification of `type`, and answers it. */
  const notice = (user: RegisteredUser, type: string, match: (n: any) => boolean = () => true) =>
    eventually(async () => {
      const list = await api.get('/api/notifications', { ...as(user), query: { limit: '100' } });
      expect(list.status).toBe(200);
      const found = list.body.notifications.find((n: any) => n.type === type && match(n));
      if (!found) throw new Error(`no ${type} notice yet`);
      return found;
    }, 20_000);
  const typesOf = async (user: RegisteredUser) =>
    (await api.get('/api/notifications', { ...as(user), query: { limit: '100' } })).body.notifications.map((n: any) => n.type);

  beforeAll(async () => {
    receiver = await WebhookReceiver.start();
    env = await startFullFleet({ WEBHOOK_ALLOWED_HOSTS: '127.0.0.1', JOBS_POLL_INTERVAL_MS: '500' });
    api = env.api;
  }, 180_000);
  afterAll(async () => {
    for (const socket of sockets) socket.close();
    await env?.close();
    await receiver?.close();
  });
  const hook = async (user: RegisteredUser, path: string, events: string[]) => {
    const created = await api.post('/api/settings/webhooks', { url: receiver.url(path), events }, as(user));
    expect(created.status).toBe(201);
  };
  const delivered = (path: string) =>
    eventually(async () => {
      const got = receiver.at(path);
      expect(got).toHaveLength(1);
      return JSON.parse(got[0].body);
    }, 20_000);

  it("pushes A's published post on /sns to A's socket only, and tells A it is published (or failed, with the platform's reason)", async () => {
    const [a, b] = [await registerUser(api), await registerUser(api)];
    await subscribeToSns(api, a);
    await subscribeToSns(api, b);
    const socketA = open('sns', a);
    const socketB = open('sns', b);
    const statusA = open('notifications', a);
    await Promise.all([connected(socketA), connected(socketB), connected(statusA)]);

    await hook(a, '/a-posts', ['sns.post.published']);
    await hook(b, '/b-posts', ['sns.post.published']);
    await connectAccount(api, a, 'twitter', `notified_${Date.now()}`);
    const created = await api.post('/api/sns/posts', { platforms: ['twitter'], content: `Pushed to my socket ${Date.now()}` }, as(a));
    expect(created.status).toBe(201);
    const postId = created.body.id;
    expect((await api.post(`/api/sns/posts/${postId}/publish`, {}, as(a))).status).toBe(200);
    const post = await settledPost(api, a, postId);
    expect(post.status).toBe('published');

    expect(await socketA.next('post:created', (d) => d.post_id === postId)).toMatchObject({ post_id: postId, user_id: a.id });
    const pushed = await socketA.next('post:published', (d) => d.post_id === postId);
    expect(pushed).toMatchObject({ post_id: postId, user_id: a.id, platform: 'twitter', external_id: post.targets[0].external_id });
    // The post's state on /notifications too.
    expect(await statusA.next('status:updated', (d) => d.resource_id === postId && d.status === 'published')).toMatchObject({
      resource_type: 'sns.post',
      status: 'published',
      event: 'post.published',
      detail: { target_id: post.targets[0].id, platform: 'twitter' },
    });
    const published = await notice(a, 'post.published', (n) => n.data.post_id === postId);
    expect(published).toMatchObject({ category: 'posts', title: 'Post published', read: false });
    expect(published.body).toContain('twitter');
    // A's webhook receives the real event; B's endpoint gets nothing of A's.
    expect(await delivered('/a-posts')).toMatchObject({
      event: 'sns.post.published',
      data: { post_id: postId, user_id: a.id, platform: 'twitter', external_id: post.targets[0].external_id },
    });
    // A's own push (the notice's push:received on /notifications aside) reached A only: B's socket,
    // whose own post now goes out, receives B's pushes and nothing of A's.
    await connectAccount(api, b, 'twitter', `other_${Date.now()}`);
    const bPost = await api.post('/api/sns/posts', { platforms: ['twitter'], content: `B's own ${Date.now()}` }, as(b));
    await socketB.next('post:created', (d) => d.post_id === bPost.body.id);
    expect(socketB.received.every((r) => r.data?.post_id === bPost.body.id && r.data?.user_id === b.id)).toBe(true);
    expect(socketA.received.some((r) => r.data?.post_id === bPost.body.id)).toBe(false);
    expect(await typesOf(b)).not.toContain('post.published');
    expect(receiver.at('/b-posts')).toEqual([]);

    // A failed target: the notice carries the platform's reason.
    const instagram = await connectAccount(api, a, 'instagram', `carousel_${Date.now()}`);
    const carousel = await api.post(
      '/api/sns/posts',
      { account_id: instagram.id, content: 'A carousel without images', template_type: 'carousel' },
      as(a),
    );
    expect(carousel.status).toBe(201);
    await api.post(`/api/sns/posts/${carousel.body.id}/publish`, {}, as(a));
    expect((await settledPost(api, a, carousel.body.id)).status).toBe('failed');
    const failed = await notice(a, 'post.failed', (n) => n.data.post_id === carousel.body.id);
    expect(failed).toMatchObject({ category: 'posts', title: 'Post failed', data: { platform: 'instagram' } });
    expect(failed.body).toMatch(/carousel must contain between 2 and 10/);
    expect(failed.data.error).toMatch(/carousel must contain between 2 and 10/);
    const failedStatus = await statusA.next('status:updated', (d) => d.resource_id === carousel.body.id && d.status === 'failed');
    expect(failedStatus.detail).toMatchObject({ platform: 'instagram', error: expect.stringMatching(/carousel must contain/) });
  }, 90_000);

  it('tells the campaign owner of a new application and the applicant of its approval; the two may chat about it', async () => {
    const owner = await registerUser(api, { name: 'Brand' });
    const applicant = await registerUser(api, { name: 'Reviewer' });
    const stranger = await registerUser(api);
    await subscribeToReview(api, owner);
    const campaign = (await api.post('/api/review/campaigns', campaignBody({ title: 'Notified Jacket' }), as(owner))).body;
    const { account } = await addBlogAccount(api, env.platforms, applicant);
    const applied = await api.post('/api/review/applications', { campaign_id: campaign.id, account_id: account.id }, as(applicant));
    expect(applied.status).toBe(201);
    const application = applied.body;
    await hook(applicant, '/approved', ['review.application.approved']);

    const created = await notice(owner, 'application.created', (n) => n.data.application_id === application.id);
    expect(created).toMatchObject({ category: 'reviews', title: 'New application', data: { campaign_id: campaign.id } });
    expect(created.body).toContain('Notified Jacket');
    expect(await typesOf(applicant)).not.toContain('application.created');

    // The application's parties may open its one thread; anyone else finds nothing.
    const subject = { subject_type: 'review.application', subject_id: application.id };
    const thread = await eventually(async () => {
      const opened = await api.post('/api/chat/threads', subject, as(applicant));
      expect(opened.status).toBe(201);
      return opened.body;
    }, 15_000);
    expect(thread).toMatchObject({ subject_type: 'review.application', subject_id: application.id, open: true });
    expect((await api.post('/api/chat/threads', subject, as(owner))).body.id).toBe(thread.id);
    expect((await api.post('/api/chat/threads', subject, as(stranger))).status).toBe(404);
    const sent = await api.post(`/api/chat/threads/${thread.id}/messages`, { body: 'When does the jacket ship?' }, as(applicant));
    expect(sent.status).toBe(201);
    const read = await api.get(`/api/chat/threads/${thread.id}/messages`, as(owner));
    expect(read.body.messages.map((m: any) => m.body)).toEqual(['When does the jacket ship?']);

    expect((await api.put(`/api/review/applications/${application.id}`, { status: 'approved' }, as(owner))).status).toBe(200);
    const approved = await notice(applicant, 'application.approved', (n) => n.data.application_id === application.id);
    expect(approved).toMatchObject({ category: 'reviews', title: 'Application approved' });
    expect(approved.body).toContain('Notified Jacket');
    expect(await typesOf(owner)).not.toContain('application.approved');
    expect(await delivered('/approved')).toMatchObject({
      event: 'review.application.approved',
      data: { application_id: application.id, user_id: applicant.id, campaign_id: campaign.id, status: 'selected' },
    });
  }, 90_000);

  it('tells of a new sign-in (security), but not of the session a registration starts', async () => {
    const user = await registerUser(api);
    const login = await api.post('/api/auth/login', { email: user.email, password: user.password });
    expect(login.status).toBe(200);
    const signIn = await notice(user, 'auth.login.succeeded');
    expect(signIn).toMatchObject({ category: 'security', title: 'New sign-in', data: { session_id: expect.any(String) } });
    // One notice: the login's, never the registration's session.
    expect((await typesOf(user)).filter((t: string) => t === 'auth.login.succeeded')).toHaveLength(1);
    // Turning security's in-app channel off stops the next one.
    await api.put('/api/settings/notifications', { categories: { security: { in_app: false } } }, as(user));
    await api.post('/api/auth/login', { email: user.email, password: user.password });
    const other = await registerUser(api);
    await api.post('/api/auth/login', { email: other.email, password: other.password });
    await notice(other, 'auth.login.succeeded');
    expect((await typesOf(user)).filter((t: string) => t === 'auth.login.succeeded')).toHaveLength(1);
  }, 60_000);

  it('tells of a password change (security), and not as a new sign-in', async () => {
    const user = await registerUser(api);
    const changed = await api.post(
      '/api/settings/password',
      { current_password: user.password, new_password: 'A-new-password-2026' },
      as(user),
    );
    expect(changed.status).toBe(200);
    const mine = { ...user, accessToken: changed.body.access_token };
    expect(await notice(mine, 'auth.password_changed')).toMatchObject({ category: 'security', title: 'Password changed' });
    expect(await typesOf(mine)).not.toContain('auth.login.succeeded');
  }, 60_000);
});
