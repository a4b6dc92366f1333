import { ApiClient, registerUser, RegisteredUser } from '@sf/testing';
import { SnsFleet, startSnsFleet, subscribeToSns } from './sns-fleet';

/**
 * The AI routes against the OpenAI-compatible stand-in: text from the provider, numbers from
 * measured posts only (none: null, said in `reasoning`), the daily quota (429), and 503 naming the
 * provider, in time, once it is gone.
 */
describe('SNS AI routes', () => {
  let env: SnsFleet;
  let api: ApiClient;
  let user: RegisteredUser;

  beforeAll(async () => {
    env = await startSnsFleet({ SNS_AI_DAILY_QUOTA_FREE: '4', SNS_AI_DAILY_QUOTA_PRO: '4', SNS_AI_DAILY_QUOTA_ENTERPRISE: '4' });
    api = env.api;
    user = await registerUser(api);
    await subscribeToSns(api, user);
  }, 120_000);
  afterAll(() => env?.close());

  const as = () => ({ token: user.accessToken });

  it('writes content through the provider, and estimates nothing it has not measured', async () => {
    const generated = await api.post(
      '/api/sns/ai/generate',
      { topic: 'Autumn coffee blends', platforms: ['twitter'], tone: 'casual', language: 'en' },
      as(),
    );
    expect(generated.status).toBe(200);
    expect(generated.body.content).toContain('Autumn coffee blends');
    expect(generated.body.hashtags).toEqual(expect.arrayContaining(['#autumn', '#coffee', '#blends']));
    expect(generated.body.estimated_engagement).toBeNull();
    expect(generated.body.reasoning).toMatch(/no post has been measured/i);
    const sent = env.ai.requests[env.ai.requests.length - 1];
    expect(sent.messages.find((m) => m.role === 'system')?.content).toMatch(/casual.*English.*X/s);

    const repurposed = await api.post(
      '/api/sns/ai/repurpose',
      { original_content: 'A long Instagram caption about our bakery #bread', source_platform: 'instagram', target_platform: 'x' },
      as(),
    );
    expect(repurposed.status).toBe(200);
    expect(repurposed.body.repurposed_content.length).toBeLessThanOrEqual(280);
    expect(repurposed.body.changes_made[0]).toBe('rewritten for X');

    const tags = await api.post(
      '/api/sns/ai/hashtag-recommend',
      { content: 'Handmade ceramics studio opening', platform: 'instagram', max_hashtags: 2 },
      as(),
    );
    expect(tags.status).toBe(200);
    expect(tags.body.hashtags).toHaveLength(2);
    expect(tags.body).toMatchObject({ trending_hashtags: [], estimated_reach: null });

    const best = await api.post('/api/sns/ai/best-time', { platform: 'instagram', audience_country: 'KR', content_type: 'post' }, as());
    expect(best.status).toBe(200);
    expect(best.body).toMatchObject({ best_time: null, confidence: 0, time_zone: 'Asia/Seoul' });
  });

  it('refuses calls beyond the daily quota with 429 and Retry-After', async () => {
    // Three calls were made above; the fourth is the last one allowed.
    const last = await api.post('/api/sns/ai/caption-generate', { image_url: 'https://cdn.example.com/cat.jpg', style: 'humorous' }, as());
    expect(last.status).toBe(200);
    expect(last.body.captions.length).toBeGreaterThan(0);
    const over = await api.post('/api/sns/ai/caption-generate', { image_url: 'https://cdn.example.com/cat.jpg' }, as());
    expect(over.status).toBe(429);
    expect(over.body.error.code).toBe('RATE_LIMIT_EXCEEDED');
    expect(Number(over.headers.get('retry-after'))).toBeGreaterThan(0);
    // best-time asks no provider and counts against nothing.
    expect((await api.post('/api/sns/ai/best-time', { platform: 'twitter' }, as())).status).toBe(200);
  });

  it('answers 503 naming the provider, in time, when the provider is down', async () => {
    const other = await registerUser(api);
    await subscribeToSns(api, other);
    await env.ai.close();
    const started = Date.now();
    const down = await api.post('/api/sns/ai/generate', { topic: 'Anything' }, { token: other.accessToken });
    expect(Date.now() - started).toBeLessThan(3000);
    expect(down.status).toBe(503);
    expect(down.body.error).toMatchObject({ code: 'SERVICE_UNAVAILABLE', message: 'AI provider local-ai is unavailable' });
    // A call the provider could not answer is not counted: five more are 503, none 429 (quota 4).
    for (let i = 0; i < 5; i++)
      expect(
        (
          await api.post(
            '/api/sns/ai/repurpose',
            { original_content: 'x', source_platform: 'x', target_platform: 'instagram' },
            { token: other.accessToken },
          )
        ).status,
      ).toBe(503);
  });
});
