import { ApiClient, eventually, registerUser, RegisteredUser } from '@sf/testing';
import { addBlogAccount, control, ReviewFleet, startReviewFleet } from './review-helpers';

/** A scraped listing's application tracked by its applicant to completion; the reward; the analytics. */
describe('review rewards and analytics', () => {
  let env: ReviewFleet;
  let api: ApiClient;
  let user: RegisteredUser;

  beforeAll(async () => {
    env = await startReviewFleet();
    api = env.api;
    user = await registerUser(api);
    const before = (await api.get('/api/review/scrape/status', { token: user.accessToken })).body.platforms;
    await api.post('/api/review/scrape/now', {}, { token: user.accessToken });
    await eventually(async () => {
      const now = (await api.get('/api/review/scrape/status', { token: user.accessToken })).body.platforms;
      if (now.some((p: any, i: number) => p.runs <= before[i].runs || p.status !== 'idle')) throw new Error('not scraped yet');
    }, 15_000);
  });
  afterAll(() => env?.close());

  async function listingId(externalId: string): Promise<string> {
    const all = await api.get('/api/review/aggregated?limit=100', { token: user.accessToken });
    return all.body.listings.find((l: any) => l.external_id === externalId).id;
  }

  it('records the reward in KRW when the application completes, confirms it once, and counts it in the analytics', async () => {
    const { account, blogId } = await addBlogAccount(api, env.platforms, user, 800);
    const kids = await api.post(
      '/api/review/applications',
      { listing_id: await listingId('2003'), account_id: account.id },
      { token: user.accessToken },
    );
    const cafe = await api.post(
      '/api/review/applications',
      { listing_id: await listingId('2004'), account_id: account.id },
      { token: user.accessToken },
    );
    const ears = await api.post(
      '/api/review/applications',
      { listing_id: await listingId('1004'), account_id: account.id },
      { token: user.accessToken },
    );
    expect([kids.status, cafe.status, ears.status]).toEqual([201, 201, 201]);

    // The platform decided; the applicant records it.
    expect(
      (
        await api.put(
          `/api/review/applications/${kids.body.id}`,
          { status: 'selected', notes: 'Mail from reviewplace' },
          { token: user.accessToken },
        )
      ).body,
    ).toMatchObject({
      status: 'selected',
      notes: 'Mail from reviewplace',
    });
    expect((await api.put(`/api/review/applications/${cafe.body.id}`, { status: 'rejected' }, { token: user.accessToken })).status).toBe(
      200,
    );
    const post: any = await control(env.platforms, 'POST', `/naver-blog/_control/blogs/${blogId}/posts`, { title: '원목 장난감 후기' });
    const review = await api.post(
      `/api/review/applications/${kids.body.id}/review`,
      { review_url: `${env.platforms.url}${post.path}`, review_content: '아이가 좋아해요' },
      { token: user.accessToken },
    );
    expect(review.body).toMatchObject({ status: 'review_submitted', verified_at: expect.any(String) });
    expect(
      (await api.put(`/api/review/applications/${kids.body.id}`, { status: 'completed' }, { token: user.accessToken })).body.status,
    ).toBe('completed');

    const rewards = await api.get('/api/review/rewards', { token: user.accessToken });
    expect(rewards.body).toMatchObject({
      total: 1,
      rewards: [{ application_id: kids.body.id, amount_krw: 45000, currency: 'KRW', status: 'pending', source_platform: 'reviewplace' }],
      summary: { total_krw: 45000, pending_krw: 45000, received_krw: 0, count: 1 },
    });
    const rewardId = rewards.body.rewards[0].id;
    const stranger = await registerUser(api);
    expect((await api.get(`/api/review/rewards/${rewardId}`, { token: stranger.accessToken })).status).toBe(404);
    expect((await api.post(`/api/review/rewards/${rewardId}/confirm-received`, {}, { token: stranger.accessToken })).status).toBe(404);
    expect((await api.post(`/api/review/rewards/${rewardId}/confirm-received`, {}, { token: user.accessToken })).body).toMatchObject({
      reward_id: rewardId,
      status: 'received',
      received_at: expect.any(String),
    });
    expect((await api.post(`/api/review/rewards/${rewardId}/confirm-received`, {}, { token: user.accessToken })).status).toBe(409);
    expect((await api.get(`/api/review/rewards/${rewardId}`, { token: user.accessToken })).body.status).toBe('received');

    const dashboard = await api.get('/api/review/dashboard', { token: user.accessToken });
    expect(dashboard.body).toMatchObject({
      total_applications: 3,
      selection_rate: 0.5,
      total_rewards_krw: 45000,
      received_rewards_krw: 45000,
      pending_reviews: 0,
      pending_applications: 1,
      accounts: 1,
    });
    expect((await api.get('/api/review/analytics/dashboard', { token: user.accessToken })).body).toEqual(dashboard.body);
    const analytics = await api.get('/api/review/analytics', { token: user.accessToken });
    expect(analytics.body.applications_by_platform).toEqual(
      expect.arrayContaining([
        { platform: 'reviewplace', applications: 2 },
        { platform: 'revu', applications: 1 },
      ]),
    );
    expect(analytics.body.success_by_category).toEqual(
      expect.arrayContaining([{ category: 'Kids', applications: 1, selected: 1, success_rate: 1 }]),
    );
    expect(analytics.body.earnings_by_source).toEqual([{ source_platform: 'reviewplace', total_krw: 45000 }]);
    expect(analytics.body.trends).toHaveLength(1);
    expect(analytics.body.trends[0]).toMatchObject({ applications: 3, selected: 1, rewards_krw: 45000 });
    const earnings = await api.get('/api/review/analytics/earnings', { token: user.accessToken });
    expect(earnings.body).toMatchObject({
      total_krw: 45000,
      received_krw: 45000,
      pending_krw: 0,
      by_source: [{ source_platform: 'reviewplace', total_krw: 45000 }],
    });
    const success = await api.get('/api/review/success-rate', { token: user.accessToken });
    expect(success.body.platforms).toEqual(
      expect.arrayContaining([
        { platform: 'reviewplace', success_rate: 0.5, applications_count: 2, avg_reward_krw: 32500 },
        { platform: 'revu', success_rate: 0, applications_count: 1, avg_reward_krw: 120000 },
      ]),
    );
    const stats = await api.get(`/api/review/accounts/${account.id}/stats`, { token: user.accessToken });
    expect(stats.body).toMatchObject({
      applications: 3,
      selected: 1,
      rejected: 1,
      completed: 1,
      selection_rate: 0.5,
      rewards_krw: 45000,
      followers: 800,
    });

    // Nothing of this shows for another user.
    expect((await api.get('/api/review/dashboard', { token: stranger.accessToken })).body).toMatchObject({
      total_applications: 0,
      total_rewards_krw: 0,
    });
    expect((await api.get('/api/review/rewards', { token: stranger.accessToken })).body.total).toBe(0);
  });

  it('withdraws by DELETE or POST .../withdraw, and refuses impossible steps with 409', async () => {
    const { account } = await addBlogAccount(api, env.platforms, user);
    const one = await api.post(
      '/api/review/applications',
      { listing_id: await listingId('2001'), account_id: account.id },
      { token: user.accessToken },
    );
    const two = await api.post(
      '/api/review/application',
      { listing_id: await listingId('2002'), account_id: account.id },
      { token: user.accessToken },
    );
    expect((await api.delete(`/api/review/applications/${one.body.id}`, { token: user.accessToken })).status).toBe(204);
    expect((await api.post(`/api/review/application/${two.body.id}/withdraw`, {}, { token: user.accessToken })).body.status).toBe(
      'withdrawn',
    );
    expect((await api.delete(`/api/review/applications/${one.body.id}`, { token: user.accessToken })).status).toBe(409);
    expect((await api.put(`/api/review/applications/${one.body.id}`, { status: 'selected' }, { token: user.accessToken })).status).toBe(
      409,
    );
    expect((await api.get(`/api/review/applications?status=withdrawn`, { token: user.accessToken })).body.total).toBe(2);
    const bad = await api.put(`/api/review/applications/${one.body.id}`, { status: 'teleported' }, { token: user.accessToken });
    expect(bad.status).toBe(422);
    expect(Object.keys(bad.body.error.details)).toEqual(['status']);
  });
});
