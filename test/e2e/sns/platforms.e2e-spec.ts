import { ApiClient, eventually, registerUser, RegisteredUser } from '@sf/testing';
import { connectAccount, settledPost, SnsFleet, startSnsFleet, subscribeToSns } from './sns-fleet';

/**
 * TikTok, YouTube and LinkedIn through the gateway against their stand-ins: each connects through
 * its consent page, publishes, refuses what the platform refuses (the target ends failed with the
 * platform's own reason), and the views, likes and comments added at the platform reach analytics.
 */
describe('SNS on TikTok, YouTube and LinkedIn', () => {
  let env: SnsFleet;
  let api: ApiClient;
  let owner: RegisteredUser;
  beforeAll(async () => {
    // No platform call here is meant to time out: a generous bound keeps a loaded machine from failing a publish.
    env = await startSnsFleet({ SNS_METRICS_INTERVAL_SECONDS: '1', SNS_PLATFORM_TIMEOUT_MS: '10000' });
    api = env.api;
    owner = await registerUser(api);
    await subscribeToSns(api, owner);
  }, 120_000);
  afterAll(() => env?.close());

  const as = () => ({ token: owner.accessToken });

  /** Creates and publishes a post to one account; answers the settled post and its target. */
  async function publish(accountId: string, body: Record<string, unknown>): Promise<{ post: any; target: any }> {
    const created = await api.post('/api/sns/posts', { account_id: accountId, ...body }, as());
    expect(created.status).toBe(201);
    expect((await api.post(`/api/sns/posts/${created.body.id}/publish`, {}, as())).status).toBe(200);
    const post = await settledPost(api, owner, created.body.id);
    return { post, target: post.targets.find((t: any) => t.account_id === accountId) };
  }

  async function expectAnalytics(postId: string, totals: Record<string, number>, latest: Record<string, number>): Promise<void> {
    await eventually(async () => {
      const response = await api.get(`/api/sns/analytics/post/${postId}`, as());
      expect(response.status).toBe(200);
      expect(response.body.totals).toMatchObject(totals);
      expect(response.body.targets[0].latest).toMatchObject(latest);
    }, 20_000);
  }

  it('TikTok: connects, refuses a post without a video or photos, publishes a video, brings views and likes into analytics', async () => {
    const username = `tiktoker_${Date.now()}`;
    await env.control('tiktok', `/users/${username}/followers`, { count: 42 });
    const account = await connectAccount(api, owner, 'tiktok', username);
    expect(account).toMatchObject({ platform: 'tiktok', status: 'connected' });

    const refused = await publish(account.id, { content: `Just words ${Date.now()}` });
    expect(refused.post.status).toBe('failed');
    expect(refused.target.error).toContain('A TikTok post needs a video or 1 to 35 photos');
    const png = await publish(account.id, { content: `A PNG ${Date.now()}`, image_url: 'https://cdn.example.com/still.png' });
    expect(png.post.status).toBe('failed');
    expect(png.target.error).toContain('Photos must be JPG, JPEG or WEBP');

    const { post, target } = await publish(account.id, {
      content: `Dance ${Date.now()}`,
      template_type: 'video',
      image_url: 'https://cdn.example.com/dance.mp4',
    });
    expect(post.status).toBe('published');
    expect(target).toMatchObject({ status: 'published', external_id: expect.stringMatching(/^\d+$/) });
    const onTikTok = (await env.control('tiktok', '/posts', {}, 'GET')).posts.find((p: any) => p.id === target.external_id);
    expect(onTikTok).toMatchObject({ kind: 'VIDEO', media: ['https://cdn.example.com/dance.mp4'] });

    await env.control('tiktok', `/posts/${target.external_id}/views`, { count: 900 });
    await env.control('tiktok', `/posts/${target.external_id}/likes`, { count: 7 });
    await env.control('tiktok', `/posts/${target.external_id}/comments`, { text: 'fire' });
    await env.control('tiktok', `/posts/${target.external_id}/metrics`, { shares: 2 });
    await expectAnalytics(post.id, { likes: 7, comments: 1, shares: 2, engagement: 10 }, { reach: 900, impressions: 900 });
  });

  it('YouTube: connects, refuses a post without a video with YouTube’s reason, uploads a video, brings views and likes into analytics', async () => {
    const account = await connectAccount(api, owner, 'youtube', `tuber_${Date.now()}`);
    expect(account).toMatchObject({ platform: 'youtube', status: 'connected' });

    const noVideo = await publish(account.id, { content: `No video here ${Date.now()}` });
    expect(noVideo.post.status).toBe('failed');
    expect(noVideo.target.error).toContain('The request does not include the video content.');

    const image = await publish(account.id, {
      content: `A picture ${Date.now()}`,
      image_url: `${env.platforms.url}/youtube/_control/media/still.png`,
    });
    expect(image.post.status).toBe('failed');
    expect(image.target.error).toContain("Media type 'image/png' is not supported");

    const { post, target } = await publish(account.id, {
      content: `My first video ${Date.now()}\nWith a longer description.`,
      template_type: 'video',
      image_url: `${env.platforms.url}/youtube/_control/media/clip.mp4`,
    });
    expect(post.status).toBe('published');
    expect(target).toMatchObject({ status: 'published', external_id: expect.stringMatching(/^[\w-]{11}$/) });
    const onYouTube = (await env.control('youtube', '/posts', {}, 'GET')).posts.find((p: any) => p.id === target.external_id);
    expect(onYouTube.media[0]).toMatch(/^video\/mp4:\d+$/);

    await env.control('youtube', `/posts/${target.external_id}/views`, { count: 1200 });
    await env.control('youtube', `/posts/${target.external_id}/likes`, { count: 4 });
    await env.control('youtube', `/posts/${target.external_id}/comments`, { text: 'Subscribed!', username: 'viewer' });
    await expectAnalytics(post.id, { likes: 4, comments: 1, engagement: 5 }, { reach: 1200, impressions: 1200 });

    const comments = await api.get(`/api/sns/posts/${post.id}/comments`, as());
    expect(comments.body.comments).toContainEqual(expect.objectContaining({ platform: 'youtube', text: 'Subscribed!', author: 'viewer' }));
  });

  it('LinkedIn: connects, refuses commentary over 3,000 characters, publishes, brings likes and comments into analytics', async () => {
    const account = await connectAccount(api, owner, 'linkedin', `member_${Date.now()}`);
    expect(account).toMatchObject({ platform: 'linkedin', status: 'connected' });

    const tooLong = await publish(account.id, { content: 'x'.repeat(3001) });
    expect(tooLong.post.status).toBe('failed');
    expect(tooLong.target.error).toContain('length of the text is greater than the maximum allowed (3000)');

    const { post, target } = await publish(account.id, { content: `Career update ${Date.now()}` });
    expect(post.status).toBe('published');
    expect(target).toMatchObject({ status: 'published', external_id: expect.stringMatching(/^urn:li:share:\d+$/) });

    const urn = encodeURIComponent(target.external_id);
    await env.control('linkedin', `/posts/${urn}/likes`, { count: 6 });
    await env.control('linkedin', `/posts/${urn}/comments`, { text: 'Congrats!' });
    await expectAnalytics(post.id, { likes: 6, comments: 1, engagement: 7 }, {});

    const likes = await api.get(`/api/sns/posts/${post.id}/likes`, as());
    expect(likes.body.likes.filter((l: any) => l.platform === 'linkedin')).toHaveLength(6);
    const liked = await api.post(`/api/sns/posts/${post.id}/like`, { platform: 'linkedin' }, as());
    expect(liked.body).toMatchObject({ liked: [{ platform: 'linkedin', liked: true }] });
  });

  it.each([
    ['tiktok', 'tiktok', () => ({ image_url: 'https://cdn.example.com/clip.mp4', template_type: 'video' })],
    ['youtube', 'youtube', () => ({ image_url: `${env.platforms.url}/youtube/_control/media/clip.mp4`, template_type: 'video' })],
    ['linkedin', 'linkedin', () => ({})],
  ] as const)('%s: refreshes short-lived tokens before each use, again and again', async (platform, standIn, media) => {
    // Every token lives a minute (inside the refresh margin): each use refreshes first, so the
    // second post needs the refresh token the first refresh left (rotated, or kept as Google does).
    await env.control(standIn, '/token-ttl', { seconds: 60 });
    try {
      const account = await connectAccount(api, owner, platform, `refresh_${platform}_${Date.now()}`);
      let expiresAt = new Date(account.token_expires_at).getTime();
      for (const round of [1, 2]) {
        await new Promise((resolve) => setTimeout(resolve, 1100));
        const { post, target } = await publish(account.id, { content: `Round ${round} on ${platform} ${Date.now()}`, ...media() });
        // The target's error, if any, shows in the failure.
        expect({ status: post.status, error: target?.error }).toMatchObject({ status: 'published' });
        const now = (await api.get(`/api/sns/accounts/${account.id}`, as())).body;
        expect(now.status).toBe('connected');
        expect(new Date(now.token_expires_at).getTime()).toBeGreaterThan(expiresAt);
        expiresAt = new Date(now.token_expires_at).getTime();
      }
    } finally {
      await env.control(standIn, '/token-ttl', { seconds: 3600 });
    }
  });
});
