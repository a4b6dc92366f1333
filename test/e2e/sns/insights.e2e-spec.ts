import { ApiClient, eventually, registerUser, RegisteredUser } from '@sf/testing';
import { connectAccount, SnsFleet, startSnsFleet, subscribeToSns } from './sns-fleet';

/**
 * Trending from the platform's trends, snapshotted by the poller, growth from the last two
 * snapshots; competitors looked up at the platform (unknown: 422), analysed live, another user's 404.
 */
describe('SNS trending and competitors', () => {
  let env: SnsFleet;
  let api: ApiClient;
  let owner: RegisteredUser;
  let stranger: RegisteredUser;

  beforeAll(async () => {
    env = await startSnsFleet({ SNS_TRENDS_INTERVAL_SECONDS: '4' });
    api = env.api;
    [owner, stranger] = [await registerUser(api), await registerUser(api)];
    await subscribeToSns(api, owner);
    await subscribeToSns(api, stranger);
  }, 120_000);
  afterAll(() => env?.close());

  const as = (user: RegisteredUser) => ({ token: user.accessToken });

  // Snapshots come every 4 s here: the test reads each new one well within that.
  it('answers the trends of the latest snapshot, with growth since the one before', async () => {
    const before = await api.get('/api/sns/trending?platform=twitter', as(owner));
    expect(before.body).toMatchObject({ trending_topics: [], taken_at: null });
    await env.control(
      'x',
      '/trends',
      {
        trends: [
          { name: '#kbeauty', volume: 1000 },
          { name: 'SeoulFood', volume: 400 },
        ],
      },
      'PUT',
    );
    await connectAccount(api, owner, 'twitter', `trendy_${Date.now()}`);
    await eventually(
      async () => expect((await api.get('/api/sns/trending', as(owner))).body.trending_topics).toEqual(['#kbeauty', 'SeoulFood']),
      20_000,
    );
    await env.control(
      'x',
      '/trends',
      {
        trends: [
          { name: '#kbeauty', volume: 1500 },
          { name: 'NewThing', volume: 700 },
          { name: 'SeoulFood', volume: 300 },
        ],
      },
      'PUT',
    );
    const trending = await eventually(async () => {
      const response = await api.get('/api/sns/trending?platform=x&limit=3&language=ko', as(owner));
      expect(response.body.trending_topics).toEqual(['#kbeauty', 'NewThing', 'SeoulFood']);
      return response.body;
    }, 20_000);
    expect(trending.volume).toEqual([1500, 700, 300]);
    expect(trending.growth_rate).toEqual([50, null, -25]);
  });

  it('tracks a competitor found at the platform, analyses it, and keeps it private', async () => {
    const rival = `rival_${Date.now()}`;
    await env.control('x', `/users/${rival}/followers`, { count: 5000 });
    // The rival posts through its own consent (a user of the stand-in), then gets likes.
    const rivalUser = await registerUser(api);
    await subscribeToSns(api, rivalUser);
    const rivalAccount = await connectAccount(api, rivalUser, 'twitter', rival);
    for (const text of ['Rival launch day', 'Rival second post']) {
      const post = await api.post('/api/sns/posts', { account_id: rivalAccount.id, content: text }, as(rivalUser));
      await api.post(`/api/sns/posts/${post.body.id}/publish`, {}, as(rivalUser));
    }
    const rivalPosts = await eventually(async () => {
      const posts = (await env.control('x', '/posts', undefined, 'GET')).posts.filter((p: any) => p.text.startsWith('Rival'));
      expect(posts).toHaveLength(2);
      return posts;
    }, 20_000);
    await env.control('x', `/posts/${rivalPosts[0].id}/likes`, { count: 4 });

    const noAccount = await api.post('/api/sns/competitor', { platform: 'twitter', username: rival }, as(stranger));
    expect(noAccount.status).toBe(422);
    expect(noAccount.body.error.details).toHaveProperty('platform');

    await connectAccount(api, owner, 'twitter', `watcher_${Date.now()}`);
    const unknown = await api.post('/api/sns/competitor', { platform: 'twitter', username: 'nobody_by_that_name' }, as(owner));
    expect(unknown.status).toBe(422);
    expect(unknown.body.error.details).toHaveProperty('username');

    const tracked = await api.post('/api/sns/competitor', { platform: 'x', username: `@${rival}` }, as(owner));
    expect(tracked.status).toBe(201);
    expect(tracked.body).toMatchObject({ competitor_id: tracked.body.id, username: rival, follower_count: 5000 });
    expect((await api.post('/api/sns/competitors', { platform: 'twitter', username: rival }, as(owner))).status).toBe(409);

    await env.control('x', `/users/${rival}/followers`, { count: 5200 });
    const analysis = await api.get(`/api/sns/competitor/${tracked.body.id}/analysis`, as(owner));
    expect(analysis.status).toBe(200);
    expect(analysis.body).toMatchObject({ follower_count: 5200, follower_change: 200, avg_engagement: 2 });
    expect(analysis.body.top_posts[0]).toMatchObject({ text: rivalPosts[0].text, likes: 4 });
    expect(analysis.body.posting_frequency).toBeGreaterThan(0);

    expect((await api.get('/api/sns/competitor', as(owner))).body.total).toBe(1);
    expect((await api.get(`/api/sns/competitor/${tracked.body.id}/analysis`, as(stranger))).status).toBe(404);
    expect((await api.delete(`/api/sns/competitors/${tracked.body.id}`, as(stranger))).status).toBe(404);
    expect((await api.delete(`/api/sns/competitor/${tracked.body.id}`, as(owner))).status).toBe(204);
  });
});
