import { ApiClient, registerUser, RegisteredUser } from '@sf/testing';
import { addBlogAccount, campaignBody, ReviewFleet, startReviewFleet, subscribeToReview } from './review-helpers';

/** Campaigns and their applications: capacity under concurrency, who may do what, and the lifecycle. */
describe('review campaigns', () => {
  let env: ReviewFleet;
  let api: ApiClient;
  let owner: RegisteredUser;

  beforeAll(async () => {
    env = await startReviewFleet();
    api = env.api;
    owner = await registerUser(api, { name: 'Brand' });
    await subscribeToReview(api, owner);
  });
  afterAll(() => env?.close());

  async function applicants(n: number, campaignId: string): Promise<{ user: RegisteredUser; application: any }[]> {
    return Promise.all(
      Array.from({ length: n }, async (_, i) => {
        const user = await registerUser(api, { name: `Reviewer ${i}` });
        const { account } = await addBlogAccount(api, env.platforms, user, 100 + i);
        const applied = await api.post(
          '/api/review/applications',
          { campaign_id: campaignId, account_id: account.id },
          { token: user.accessToken },
        );
        expect(applied.status).toBe(201);
        return { user, application: applied.body };
      }),
    );
  }

  it('lets exactly max_reviewers of eleven concurrent approvals succeed; the rest are 409', async () => {
    const campaign = (await api.post('/api/review/campaigns', campaignBody({ max_reviewers: 10 }), { token: owner.accessToken })).body;
    const apps = await applicants(11, campaign.id);
    const answers = await Promise.all(
      apps.map(({ application }) =>
        api.put(`/api/review/applications/${application.id}`, { status: 'approved' }, { token: owner.accessToken }),
      ),
    );
    const statuses = answers.map((a) => a.status).sort();
    expect(statuses.filter((s) => s === 200)).toHaveLength(10);
    expect(statuses.filter((s) => s === 409)).toHaveLength(1);
    const refused = answers.find((a) => a.status === 409);
    expect(refused?.body.error.code).toBe('CONFLICT');
    const detail = await api.get(`/api/review/campaigns/${campaign.id}`);
    expect(detail.body).toMatchObject({ applications_count: 11, approved_count: 10, spots_available: 0 });

    // Full: a new application is refused too.
    const late = await registerUser(api);
    const { account } = await addBlogAccount(api, env.platforms, late);
    const refusedApply = await api.post(
      '/api/review/applications',
      { campaign_id: campaign.id, account_id: account.id },
      { token: late.accessToken },
    );
    expect(refusedApply.status).toBe(409);
  });

  it('keeps applications and campaign applications from anyone but their parties (404), and the wrong party gets 403', async () => {
    const campaign = (await api.post('/api/review/campaigns', campaignBody(), { token: owner.accessToken })).body;
    const [{ user: applicant, application }] = await applicants(1, campaign.id);
    const stranger = await registerUser(api);

    expect((await api.get(`/api/review/campaigns/${campaign.id}/applications`, { token: stranger.accessToken })).status).toBe(404);
    expect((await api.get(`/api/review/campaigns/${campaign.id}/applications`, { token: applicant.accessToken })).status).toBe(404);
    expect((await api.get(`/api/review/applications/${application.id}`, { token: stranger.accessToken })).status).toBe(404);
    expect(
      (await api.put(`/api/review/applications/${application.id}`, { status: 'approved' }, { token: stranger.accessToken })).status,
    ).toBe(404);
    expect((await api.delete(`/api/review/applications/${application.id}`, { token: stranger.accessToken })).status).toBe(404);
    // Managing campaigns needs the subscription first; a subscribed stranger still finds nothing.
    const unsubscribed = await api.put(`/api/review/campaigns/${campaign.id}`, { title: 'Mine now' }, { token: stranger.accessToken });
    expect(unsubscribed.body.error.code).toBe('SUBSCRIPTION_REQUIRED');
    const rival = await registerUser(api);
    await subscribeToReview(api, rival);
    expect((await api.put(`/api/review/campaigns/${campaign.id}`, { title: 'Mine now' }, { token: rival.accessToken })).status).toBe(404);
    expect((await api.delete(`/api/review/campaigns/${campaign.id}`, { token: rival.accessToken })).status).toBe(404);
    expect((await api.get(`/api/review/campaigns/${campaign.id}/applications`, { token: rival.accessToken })).status).toBe(404);

    // The applicant cannot approve themself; the owner cannot withdraw for them.
    const selfApprove = await api.put(
      `/api/review/applications/${application.id}`,
      { status: 'approved' },
      { token: applicant.accessToken },
    );
    expect(selfApprove.status).toBe(403);
    expect((await api.delete(`/api/review/applications/${application.id}`, { token: owner.accessToken })).status).toBe(403);
    // The owner sees it.
    expect((await api.get(`/api/review/applications/${application.id}`, { token: owner.accessToken })).body).toMatchObject({
      status: 'pending',
    });
  });

  it('runs the lifecycle: approve, review with a verified URL, complete with a reward; impossible steps are 409', async () => {
    const campaign = (await api.post('/api/review/campaigns', campaignBody({ reward_value: 70000 }), { token: owner.accessToken })).body;
    const applicant = await registerUser(api);
    const { account, blogId } = await addBlogAccount(api, env.platforms, applicant, 500);
    const application = (
      await api.post('/api/review/application', { campaign_id: campaign.id, account_id: account.id }, { token: applicant.accessToken })
    ).body;
    const again = await api.post(
      '/api/review/applications',
      { campaign_id: campaign.id, account_id: account.id },
      { token: applicant.accessToken },
    );
    expect(again.status).toBe(409);

    const tooEarly = await api.post(
      `/api/review/applications/${application.id}/review`,
      { review_url: 'http://example.com/x' },
      { token: applicant.accessToken },
    );
    expect(tooEarly.status).toBe(409);
    const complete = await api.put(`/api/review/applications/${application.id}`, { status: 'completed' }, { token: owner.accessToken });
    expect(complete.status).toBe(409);
    expect((await api.put(`/api/review/applications/${application.id}`, { status: 'approved' }, { token: owner.accessToken })).status).toBe(
      200,
    );
    expect((await api.put(`/api/review/applications/${application.id}`, { status: 'approved' }, { token: owner.accessToken })).status).toBe(
      409,
    );

    // A URL that is not the account's post is taken but not verified; the account's own post is.
    const foreign = await api.post(
      `/api/review/applications/${application.id}/review`,
      { review_url: 'http://127.0.0.1:9/elsewhere/1', review_content: 'Great jacket' },
      { token: applicant.accessToken },
    );
    expect(foreign.body).toMatchObject({ application_id: application.id, status: 'review_submitted', verified_at: null });
    const post: any = await fetch(`${env.platforms.url}/naver-blog/_control/blogs/${blogId}/posts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'TechJacket Pro 후기' }),
    }).then((r) => r.json());
    const own = await api.post(
      `/api/review/applications/${application.id}/review`,
      { review_url: `${env.platforms.url}${post.path}`, review_content: 'Great jacket' },
      { token: applicant.accessToken },
    );
    expect(own.status).toBe(200);
    expect(own.body.verified_at).toEqual(expect.any(String));

    const done = await api.put(`/api/review/applications/${application.id}`, { status: 'completed' }, { token: owner.accessToken });
    expect(done.body).toMatchObject({ status: 'completed', completed_at: expect.any(String) });
    expect((await api.delete(`/api/review/applications/${application.id}`, { token: applicant.accessToken })).status).toBe(409);
  });

  it('lists anyone’s campaigns to anyone, and the caller’s own with owner=me (by token or API key; 401 without one)', async () => {
    const other = await registerUser(api, { name: 'Other brand' });
    await subscribeToReview(api, other);
    const mine = (await api.post('/api/review/campaigns', campaignBody({ title: 'Mine only' }), { token: owner.accessToken })).body;
    const theirs = (await api.post('/api/review/campaigns', campaignBody({ title: 'Not mine' }), { token: other.accessToken })).body;
    const ids = (answer: any) => answer.body.campaigns.map((c: any) => c.id);

    const everyone = await api.get('/api/review/campaigns', { query: { limit: '100' } });
    expect(everyone.status).toBe(200);
    expect(ids(everyone)).toEqual(expect.arrayContaining([mine.id, theirs.id]));

    const own = await api.get('/api/review/campaigns', { token: owner.accessToken, query: { owner: 'me', limit: '100' } });
    expect(own.status).toBe(200);
    expect(ids(own)).toContain(mine.id);
    expect(ids(own)).not.toContain(theirs.id);
    expect(own.body.campaigns.every((c: any) => c.owner_id === owner.id)).toBe(true);

    const key = await api.post('/api/settings/api-keys', { name: 'lister', permissions: ['read:review'] }, { token: other.accessToken });
    expect(key.status).toBe(201);
    const byKey = await api.get('/api/review/campaigns', { apiKey: key.body.key, query: { owner: 'me' } });
    expect(ids(byKey)).toEqual([theirs.id]);

    expect((await api.get('/api/review/campaigns', { query: { owner: 'me' } })).status).toBe(401);
    // A bad credential is refused, not read as anonymous.
    expect((await api.get('/api/review/campaigns', { token: `${owner.accessToken}x` })).status).toBe(401);
  });

  it('answers 422 naming the field for bad campaign input, a past deadline, an unknown sort or category', async () => {
    const bad = await api.post('/api/review/campaigns', campaignBody({ category: 'Spaceships', max_reviewers: 0 }), {
      token: owner.accessToken,
    });
    expect(bad.status).toBe(422);
    expect(Object.keys(bad.body.error.details)).toEqual(expect.arrayContaining(['category', 'max_reviewers']));
    const past = await api.post('/api/review/campaigns', campaignBody({ deadline: '2020-01-01T00:00:00Z' }), { token: owner.accessToken });
    expect(past.status).toBe(422);
    expect(past.body.error.details).toHaveProperty('deadline');
    expect((await api.get('/api/review/campaigns?sort=-popularity')).status).toBe(422);
    expect((await api.get('/api/review/campaigns?category=nope')).status).toBe(422);
  });
});
