import { DeliverPolicy, jetstream } from '@nats-io/jetstream';
import { eventsStreamName } from '@sf/events';
import { ApiClient, eventually, registerUser, RegisteredUser } from '@sf/testing';
import { connectAccount, settledPost, SnsFleet, startSnsFleet, subscribeToSns } from './sns-fleet';

/**
 * Link-in-bio (CRUD, the public page, redirect clicks counted into the link's stats) and analytics
 * from the poller's snapshots: likes, comments, shares and reach added at the platform reach the
 * dashboard and the post's analytics; follower counts give the growth rate.
 */
describe('SNS link-in-bio and analytics', () => {
  let env: SnsFleet;
  let api: ApiClient;
  let owner: RegisteredUser;
  let stranger: RegisteredUser;

  beforeAll(async () => {
    env = await startSnsFleet({ SNS_METRICS_INTERVAL_SECONDS: '1' });
    api = env.api;
    [owner, stranger] = [await registerUser(api), await registerUser(api)];
    await subscribeToSns(api, owner);
    await subscribeToSns(api, stranger);
  }, 120_000);
  afterAll(() => env?.close());

  const as = (user: RegisteredUser) => ({ token: user.accessToken });

  /** Every sns event on this fleet's stream so far. */
  async function snsEvents(): Promise<{ type: string; subject: string; data: any }[]> {
    const consumer = await jetstream(env.fleet.nats).consumers.get(eventsStreamName({ subjectPrefix: env.fleet.env.NATS_SUBJECT_PREFIX }), {
      filter_subjects: env.fleet.subject('events.sns.>'),
      deliver_policy: DeliverPolicy.All,
    });
    const pending = (await consumer.info()).num_pending;
    const found: { type: string; subject: string; data: any }[] = [];
    if (!pending) return found;
    for await (const msg of await consumer.fetch({ max_messages: pending, expires: 2000 })) {
      found.push(msg.json());
      if (msg.info.pending === 0) break;
    }
    return found;
  }

  it('keeps links (http(s) only), serves the public page, redirects only to the stored URL and counts clicks', async () => {
    const slug = `shop-${Date.now().toString(36)}`;
    const created = await api.post(
      '/api/sns/linkinbio',
      { title: 'Shop', url: 'https://shop.example.com/new', icon_type: 'shop', slug },
      as(owner),
    );
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ id: expect.any(String), link_id: created.body.id, slug, click_count: 0, position: 0 });
    for (const url of ['javascript:alert(1)', 'ftp://files.example.com', 'data:text/html,hi', 'not a url']) {
      const refused = await api.post('/api/sns/linkinbio', { title: 'Bad', url }, as(owner));
      expect({ url, status: refused.status, field: Object.keys(refused.body.error.details ?? {}) }).toEqual({
        url,
        status: 422,
        field: ['url'],
      });
    }
    const second = await api.post('/api/sns/linkinbio', { title: 'Blog', url: 'https://blog.example.com' }, as(owner));
    expect(second.body).toMatchObject({ slug, position: 1 });

    const page = await api.get(`/api/sns/bio/${slug}`);
    expect(page.status).toBe(200);
    expect(page.body.links.map((l: any) => l.title)).toEqual(['Shop', 'Blog']);

    const linkId = created.body.id;
    const visits = ['?utm_source=instagram', '?utm_source=instagram&ref=https://www.instagram.com/myshop', '?ref=https://t.co/abc', ''];
    for (const query of visits) {
      const response = await fetch(`${env.fleet.baseUrl}/api/sns/bio/${slug}/${linkId}${query}`, { redirect: 'manual' });
      expect(response.status).toBe(302);
      expect(response.headers.get('location')).toBe('https://shop.example.com/new');
    }
    // A link of this page through another page's address, or an unknown one: 404, no redirect.
    expect((await api.get(`/api/sns/bio/nobody-here/${linkId}`)).status).toBe(404);

    const stats = await api.get(`/api/sns/linkinbio/${linkId}/stats`, as(owner));
    expect(stats.status).toBe(200);
    const today = new Date().toISOString().slice(0, 10);
    expect(stats.body).toMatchObject({ link_id: linkId, total_clicks: 4, clicks_by_date: [{ date: today, clicks: 4 }] });
    expect(stats.body.clicks_by_platform).toEqual([
      { platform: 'instagram', clicks: 2 },
      { platform: 'direct', clicks: 1 },
      { platform: 'twitter', clicks: 1 },
    ]);
    expect(stats.body.referrers).toEqual(
      expect.arrayContaining([
        { referrer: 'https://www.instagram.com/myshop', clicks: 1 },
        { referrer: 'https://t.co/abc', clicks: 1 },
      ]),
    );
    expect((await api.get(`/api/sns/linkinbio/${linkId}`, as(owner))).body.click_count).toBe(4);

    const updated = await api.put(`/api/sns/linkinbio/${linkId}`, { url: 'https://shop.example.com/sale' }, as(owner));
    expect(updated.body.url).toBe('https://shop.example.com/sale');
    const moved = await fetch(`${env.fleet.baseUrl}/api/sns/bio/${slug}/${linkId}`, { redirect: 'manual' });
    expect(moved.headers.get('location')).toBe('https://shop.example.com/sale');

    // Someone else's link: 404 everywhere.
    for (const [method, path] of [
      ['GET', `/api/sns/linkinbio/${linkId}`],
      ['PUT', `/api/sns/linkinbio/${linkId}`],
      ['DELETE', `/api/sns/linkinbio/${linkId}`],
      ['GET', `/api/sns/linkinbio/${linkId}/stats`],
    ] as const) {
      const response = await api.request(method, path, {
        token: stranger.accessToken,
        body: method === 'PUT' ? { title: 'x' } : undefined,
      });
      expect({ method, path, status: response.status }).toEqual({ method, path, status: 404 });
    }
    expect((await api.get('/api/sns/linkinbio', as(stranger))).body.total).toBe(0);
    expect((await api.delete(`/api/sns/linkinbio/${second.body.id}`, as(owner))).status).toBe(204);
    expect((await api.get('/api/sns/linkinbio', as(owner))).body.total).toBe(1);
  });

  it('brings likes, comments, shares and reach added at the platform into analytics', async () => {
    const username = `analyst_${Date.now()}`;
    await env.control('x', `/users/${username}/followers`, { count: 100 });
    const account = await connectAccount(api, owner, 'twitter', username);
    const created = await api.post('/api/sns/posts', { account_id: account.id, content: `Measure me ${Date.now()}` }, as(owner));
    await api.post(`/api/sns/posts/${created.body.id}/publish`, {}, as(owner));
    const post = await settledPost(api, owner, created.body.id);
    const externalId = post.targets[0].external_id;

    await env.control('x', `/posts/${externalId}/likes`, { count: 5 });
    await env.control('x', `/posts/${externalId}/comments`, { text: 'Love it' });
    await env.control('x', `/posts/${externalId}/comments`, { text: 'Same' });
    await env.control('x', `/posts/${externalId}/metrics`, { shares: 3, impressions: 250 });

    const analytics = await eventually(async () => {
      const response = await api.get(`/api/sns/analytics/post/${created.body.id}`, as(owner));
      expect(response.status).toBe(200);
      expect(response.body.totals).toMatchObject({ likes: 5, comments: 2, shares: 3, engagement: 10 });
      return response.body;
    }, 20_000);
    expect(analytics.targets[0].history.length).toBeGreaterThanOrEqual(1);
    expect(analytics.targets[0].latest).toMatchObject({ reach: 250, impressions: 250 });

    const dashboard = await api.get('/api/sns/analytics/dashboard?platform=twitter', as(owner));
    expect(dashboard.status).toBe(200);
    expect(dashboard.body).toMatchObject({ total_posts: 1, total_engagement: 10, total_reach: 250, followers: 100 });
    expect(dashboard.body.top_performers[0]).toMatchObject({ post_id: created.body.id, platform: 'twitter', engagement: 10 });
    // One day of follower counts: no growth rate yet, rather than a made-up one.
    expect(dashboard.body.growth_rate).toBeNull();
    expect((await api.get('/api/sns/analytics', as(owner))).body.total_posts).toBe(1);

    // What the poller saw is announced: the published post, its new likes, comments and shares.
    await eventually(async () => {
      const found = await snsEvents();
      for (const type of ['post.published', 'analytics.updated', 'engagement.liked', 'engagement.commented', 'engagement.shared']) {
        expect(found).toContainEqual(expect.objectContaining({ type, subject: created.body.id }));
      }
      expect(found).toContainEqual(
        expect.objectContaining({ type: 'engagement.liked', data: expect.objectContaining({ total: 5, platform: 'twitter' }) }),
      );
    }, 10_000);

    expect((await api.get(`/api/sns/analytics/post/${created.body.id}`, as(stranger))).status).toBe(404);
    expect((await api.get('/api/sns/analytics', as(stranger))).body).toMatchObject({
      total_posts: 0,
      total_engagement: 0,
      top_performers: [],
    });
  });
});
