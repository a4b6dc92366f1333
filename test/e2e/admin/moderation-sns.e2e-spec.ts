import { registerUser, RegisteredUser, eventually } from '@sf/testing';
import { adminService, authService, paymentService, snsService, storageService } from '../fleet';
import { connectAccount, settledPost, SnsFleet, startSnsFleet, subscribeToSns } from '../sns/sns-fleet';
import { adminEmail, registerFirstAdmin } from './admin-helpers';

describe('moderation of an SNS post: taken down at the platform, hidden, nothing more goes out', () => {
  let env: SnsFleet;
  let root: RegisteredUser;
  const email = adminEmail();

  beforeAll(async () => {
    env = await startSnsFleet({ ADMIN_EMAILS: email }, [authService, paymentService, storageService, snsService, adminService]);
    root = await registerFirstAdmin(env.api, email);
  }, 90_000);
  afterAll(() => env?.close());

  it('removes a reported published post and a scheduled one', async () => {
    const { api } = env;
    const owner = await registerUser(api);
    await subscribeToSns(api, owner);
    await connectAccount(api, owner, 'twitter', `reported_${Date.now()}`);
    const as = { token: owner.accessToken };
    const created = await api.post('/api/sns/posts', { platforms: ['twitter'], content: `Reported post ${Date.now()}` }, as);
    expect(created.status).toBe(201);
    expect((await api.post(`/api/sns/posts/${created.body.id}/publish`, {}, as)).status).toBe(200);
    const published = await settledPost(api, owner, created.body.id);
    const externalId = published.targets[0].external_id;
    expect(await env.control('x', `/posts/${externalId}/likes`, { count: 1 })).toEqual({ likes: 1 });
    const later = await api.post(
      '/api/sns/posts',
      { platforms: ['twitter'], content: `Later ${Date.now()}`, scheduled_at: new Date(Date.now() + 3_600_000).toISOString() },
      as,
    );
    expect(later.body.status).toBe('scheduled');

    const reporter = await registerUser(api);
    for (const post of [created.body, later.body]) {
      const report = await api.post(
        '/api/reports',
        { content_type: 'sns_post', content_id: post.id, reason: 'Scam links' },
        { token: reporter.accessToken },
      );
      expect(report.status).toBe(201);
      expect((await api.post(`/api/admin/flagged-content/${report.body.id}/remove`, {}, { token: root.accessToken })).status).toBe(200);
    }
    await eventually(async () => {
      expect((await api.get(`/api/sns/posts/${created.body.id}`, as)).status).toBe(404);
      expect((await api.get(`/api/sns/posts/${later.body.id}`, as)).status).toBe(404);
    }, 15_000);
    expect(await env.control('x', `/posts/${externalId}/likes`, { count: 1 })).toEqual({ error: 'no such post' });
    const listed = await api.get('/api/sns/posts', { ...as, query: { limit: 100 } });
    expect(listed.body.posts.map((p: any) => p.id)).not.toContain(created.body.id);
    expect(listed.body.posts.map((p: any) => p.id)).not.toContain(later.body.id);
  });
});
