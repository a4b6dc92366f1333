import { ApiClient, eventually, registerUser, RegisteredUser } from '@sf/testing';
import { addBlogAccount, control, ReviewFleet, startReviewFleet, subscribeToReview } from './review-helpers';

/** Auto-apply rules: what they match, concurrent runs, runs on a scrape's new listings, and who may use them. */
describe('review auto-apply', () => {
  let env: ReviewFleet;
  let api: ApiClient;
  let user: RegisteredUser;
  let accounts: string[];

  async function scrape(platform: string): Promise<void> {
    const before = (await api.get('/api/review/scrape/status', { token: user.accessToken })).body.platforms.find(
      (p: any) => p.platform === platform,
    );
    expect((await api.post('/api/review/scrape/now', { platform }, { token: user.accessToken })).status).toBe(200);
    await eventually(async () => {
      const now = (await api.get('/api/review/scrape/status', { token: user.accessToken })).body.platforms.find(
        (p: any) => p.platform === platform,
      );
      if (now.runs <= before.runs || now.status !== 'idle') throw new Error('not scraped yet');
    }, 15_000);
  }

  beforeAll(async () => {
    env = await startReviewFleet();
    api = env.api;
    user = await registerUser(api);
    await subscribeToReview(api, user);
    accounts = [(await addBlogAccount(api, env.platforms, user)).account.id, (await addBlogAccount(api, env.platforms, user)).account.id];
    await scrape('revu');
    await scrape('reviewplace');
  });
  afterAll(() => env?.close());

  it('creates each match once when a rule runs twice at once, and nothing on a third run', async () => {
    const rule = await api.post(
      '/api/review/auto-apply/rules',
      { name: 'Food and beauty', categories: ['Food', 'beauty'], min_reward_krw: 0, preferred_accounts: accounts, is_active: true },
      { token: user.accessToken },
    );
    expect(rule.status).toBe(201);
    // Open food and beauty listings: revu 1001, 1002; reviewplace 2001, 2002; two accounts each.
    expect(rule.body).toMatchObject({ rule_id: rule.body.id, categories: ['Food', 'Beauty'], matches_pending: 8 });

    const [first, second] = await Promise.all([
      api.post('/api/review/auto-apply/run', {}, { token: user.accessToken }),
      api.post('/api/review/auto-apply/run', {}, { token: user.accessToken }),
    ]);
    expect(first.status).toBe(200);
    expect(second.status).toBe(200);
    expect(first.body.applications_created + second.body.applications_created).toBe(8);
    expect(first.body.next_run).toEqual(expect.any(String));
    const mine = await api.get('/api/review/applications?limit=100', { token: user.accessToken });
    expect(mine.body.total).toBe(8);
    const pairs = new Set(mine.body.applications.map((a: any) => `${a.listing_id}:${a.account_id}`));
    expect(pairs.size).toBe(8);
    expect(mine.body.applications.every((a: any) => a.auto_apply_rule_id === rule.body.id)).toBe(true);
    const revuApplications = (await control(env.platforms, 'GET', '/revu/_control/applications')).applications;
    expect(revuApplications.filter((a: any) => a.listing_id === '1001' || a.listing_id === '1002')).toHaveLength(4);

    const third = await api.post('/api/review/auto-apply/run', {}, { token: user.accessToken });
    expect(third.body).toMatchObject({ applications_created: 0, accounts_used: 0 });
    expect((await api.get(`/api/review/auto-apply/rules/${rule.body.id}`, { token: user.accessToken })).body.matches_pending).toBe(0);
    const history = await api.get('/api/review/auto-apply/history', { token: user.accessToken });
    expect(history.body.total).toBe(3);
    expect(history.body.runs[0]).toMatchObject({ trigger: 'manual', applications_created: 0 });
  });

  it("applies to a scrape's new listings by itself, never to one past its deadline or full", async () => {
    await control(env.platforms, 'POST', '/revu/_control/listings', {
      id: '1500',
      title: '신규 파스타 맛집',
      category: '맛집',
      reward: '60,000원',
      capacity: 10,
      applied: 0,
    });
    await control(env.platforms, 'POST', '/revu/_control/listings', {
      id: '1501',
      title: '마감된 맛집',
      category: '맛집',
      reward: '60,000원',
      deadline: '2020-01-01T23:59:59+09:00',
    });
    await control(env.platforms, 'POST', '/revu/_control/listings', {
      id: '1502',
      title: '꽉 찬 맛집',
      category: '맛집',
      reward: '60,000원',
      capacity: 3,
      applied: 3,
    });
    await scrape('revu');
    const applied = await eventually(async () => {
      const list = await api.get('/api/review/applications?limit=100', { token: user.accessToken });
      const fresh = list.body.applications.filter((a: any) => a.listing_title === '신규 파스타 맛집');
      if (fresh.length < 2) throw new Error('not applied yet');
      return list.body.applications;
    }, 15_000);
    expect(applied.filter((a: any) => ['마감된 맛집', '꽉 찬 맛집'].includes(a.listing_title))).toEqual([]);
    const history = await api.get('/api/review/auto-apply/history', { token: user.accessToken });
    expect(history.body.runs).toEqual(expect.arrayContaining([expect.objectContaining({ trigger: 'scrape', applications_created: 2 })]));
  });

  it('needs a Review Campaign subscription, keeps rules to their owner, and checks the accounts named', async () => {
    const free = await registerUser(api);
    const refused = await api.post('/api/review/auto-apply/rule', { name: 'x' }, { token: free.accessToken });
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('SUBSCRIPTION_REQUIRED');
    expect((await api.post('/api/review/auto-apply/run', {}, { token: free.accessToken })).status).toBe(403);

    const rival = await registerUser(api);
    await subscribeToReview(api, rival);
    const rule = (await api.post('/api/review/auto-apply/rules', { name: 'Mine', is_active: false }, { token: user.accessToken })).body;
    expect(rule.matches_pending).toBe(0);
    for (const [method, body] of [['get'], ['put', { name: 'Theirs' }], ['delete']] as const) {
      const path = `/api/review/auto-apply/rules/${rule.id}`;
      const answer =
        method === 'put' ? await api.put(path, body, { token: rival.accessToken }) : await api[method](path, { token: rival.accessToken });
      expect(answer.status).toBe(404);
    }
    const foreignAccounts = await api.post(
      '/api/review/auto-apply/rules',
      { name: 'Borrowed', preferred_accounts: accounts },
      { token: rival.accessToken },
    );
    expect(foreignAccounts.status).toBe(422);
    expect(Object.keys(foreignAccounts.body.error.details)).toEqual(['preferred_accounts']);
    const badCategory = await api.post('/api/review/auto-apply/rules', { name: 'x', categories: ['Rockets'] }, { token: user.accessToken });
    expect(badCategory.status).toBe(422);
    expect((await api.delete(`/api/review/auto-apply/rule/${rule.id}`, { token: user.accessToken })).status).toBe(204);
  });
});
