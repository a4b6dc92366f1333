import { ApiClient, eventually, registerUser, RegisteredUser } from '@sf/testing';
import { connectAccount, settledPost, SnsFleet, startSnsFleet, subscribeToSns } from './sns-fleet';

/**
 * Campaigns (CRUD on both path families, pause and resume, ROI from the spend and revenue users
 * record, null without spend) and automations (the AI provider writes each run's post, which is
 * published; next_run from the frequency in the user's time zone), each another user's 404.
 */
describe('SNS campaigns, ROI and automations', () => {
  let env: SnsFleet;
  let api: ApiClient;
  let owner: RegisteredUser;
  let stranger: RegisteredUser;

  beforeAll(async () => {
    env = await startSnsFleet();
    api = env.api;
    [owner, stranger] = [await registerUser(api), await registerUser(api)];
    await subscribeToSns(api, owner);
    await subscribeToSns(api, stranger);
  }, 120_000);
  afterAll(() => env?.close());

  const as = (user: RegisteredUser) => ({ token: user.accessToken });

  it('keeps campaigns, pauses and resumes them, and computes ROI only from recorded spend', async () => {
    const emptyRoi = await api.get('/api/sns/roi', as(owner));
    expect(emptyRoi.body).toMatchObject({ total_revenue_krw: 0, total_spend_krw: 0, roi_percentage: null, roas: null });

    const created = await api.post(
      '/api/sns/campaign/create',
      { name: 'Spring launch', campaign_type: 'sales', platforms: ['instagram'], start_date: '2031-03-01', end_date: '2031-03-31' },
      as(owner),
    );
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ id: expect.any(String), campaign_id: created.body.id, status: 'active', roi_percentage: null });
    const id = created.body.id;

    expect((await api.post(`/api/sns/campaign/${id}/pause`, {}, as(owner))).body.status).toBe('paused');
    expect((await api.post(`/api/sns/campaign/${id}/pause`, {}, as(owner))).status).toBe(409);
    expect((await api.post(`/api/sns/campaigns/${id}/resume`, {}, as(owner))).body.status).toBe('active');

    // Revenue without spend: still no ROI.
    await api.put(`/api/sns/campaigns/${id}`, { revenue_krw: 300_000 }, as(owner));
    expect((await api.get('/api/sns/analytics/roi', as(owner))).body).toMatchObject({ total_revenue_krw: 300_000, roi_percentage: null });
    const recorded = await api.put(`/api/sns/campaign/${id}`, { spend_krw: 100_000 }, as(owner));
    expect(recorded.body).toMatchObject({ spend_krw: 100_000, revenue_krw: 300_000, roi_percentage: 200 });
    await api.post('/api/sns/campaigns', { name: 'Awareness', campaign_type: 'awareness', spend_krw: 50_000 }, as(owner));
    const roi = await api.get('/api/sns/roi', as(owner));
    expect(roi.body).toMatchObject({
      total_spend_krw: 150_000,
      total_revenue_krw: 300_000,
      roi_percentage: 100,
      roas: 2,
      campaigns_counted: 2,
    });
    expect((await api.get('/api/sns/roi?campaign_type=sales', as(owner))).body).toMatchObject({
      total_spend_krw: 100_000,
      roi_percentage: 200,
    });
    expect((await api.get('/api/sns/roi?start_date=2031-13-01', as(owner))).status).toBe(422);

    const completed = await api.put(`/api/sns/campaigns/${id}`, { status: 'completed' }, as(owner));
    expect(completed.body).toMatchObject({ status: 'completed', completed_at: expect.any(String) });
    expect((await api.put(`/api/sns/campaigns/${id}`, { name: 'Again' }, as(owner))).status).toBe(409);
    expect((await api.get('/api/sns/campaign', as(owner))).body.total).toBe(2);

    for (const [method, path] of [
      ['GET', `/api/sns/campaigns/${id}`],
      ['PUT', `/api/sns/campaign/${id}`],
      ['DELETE', `/api/sns/campaigns/${id}`],
      ['POST', `/api/sns/campaigns/${id}/pause`],
      ['POST', `/api/sns/campaign/${id}/resume`],
    ] as const) {
      const response = await api.request(method, path, {
        token: stranger.accessToken,
        body: method === 'GET' || method === 'DELETE' ? undefined : {},
      });
      expect({ method, path, status: response.status }).toEqual({ method, path, status: 404 });
    }
    expect((await api.get('/api/sns/roi', as(stranger))).body.campaigns_counted).toBe(0);
    expect((await api.delete(`/api/sns/campaigns/${id}`, as(owner))).status).toBe(204);
  });

  it('runs an automation: the AI provider writes the post and it is published; next_run follows the time zone', async () => {
    await api.put('/api/sns/settings', { time_zone: 'America/New_York' }, as(owner));
    await connectAccount(api, owner, 'twitter', `auto_${Date.now()}`);
    const created = await api.post(
      '/api/sns/automate',
      { topic: 'Weekend brunch specials', platforms: ['x'], frequency: 'daily', time_of_day: '09:30', tone: 'funny', language: 'en' },
      as(owner),
    );
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      automation_id: created.body.id,
      status: 'active',
      frequency: 'daily',
      time_zone: 'America/New_York',
    });
    const next = new Date(created.body.next_run);
    expect(next.getTime()).toBeGreaterThan(Date.now());
    expect(next.getTime() - Date.now()).toBeLessThanOrEqual(86_400_000);
    expect(
      new Intl.DateTimeFormat('en-US', { timeZone: 'America/New_York', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(next),
    ).toBe('09:30');

    const run = await api.post(`/api/sns/automate/${created.body.id}/run`, {}, as(owner));
    expect(run.status).toBe(200);
    expect(run.body.automation).toMatchObject({ runs_count: 1, last_error: null });
    expect(run.body.post).toMatchObject({ automation_id: created.body.id, platforms: ['twitter'] });
    expect(run.body.post.content).toContain('Weekend brunch specials');
    const published = await settledPost(api, owner, run.body.post.id);
    expect(published.status).toBe('published');
    const onX = (await env.control('x', '/posts', undefined, 'GET')).posts.find((p: any) => p.id === published.targets[0].external_id);
    expect(onX.text).toContain('Weekend brunch specials');

    const paused = await api.put(`/api/sns/automate/${created.body.id}`, { status: 'paused' }, as(owner));
    expect(paused.body).toMatchObject({ status: 'paused', next_run: null });
    const weekly = await api.put(`/api/sns/automate/${created.body.id}`, { status: 'active', frequency: 'weekly' }, as(owner));
    expect(weekly.body.next_run).not.toBeNull();

    for (const [method, path] of [
      ['GET', `/api/sns/automate/${created.body.id}`],
      ['PUT', `/api/sns/automate/${created.body.id}`],
      ['DELETE', `/api/sns/automate/${created.body.id}`],
      ['POST', `/api/sns/automate/${created.body.id}/run`],
    ] as const) {
      const response = await api.request(method, path, {
        token: stranger.accessToken,
        body: method === 'PUT' ? { topic: 'x' } : undefined,
      });
      expect({ method, path, status: response.status }).toEqual({ method, path, status: 404 });
    }
    expect((await api.get('/api/sns/automate', as(stranger))).body.total).toBe(0);
    expect((await api.delete(`/api/sns/automate/${created.body.id}`, as(owner))).status).toBe(204);
    await eventually(async () => expect((await api.get(`/api/sns/automate/${created.body.id}`, as(owner))).status).toBe(404));
  });

  it('refuses an automation on no platform or an unknown frequency with 422', async () => {
    const bad = await api.post('/api/sns/automate', { topic: 'x', platforms: [], frequency: 'hourly' }, as(owner));
    expect(bad.status).toBe(422);
    expect(Object.keys(bad.body.error.details).sort()).toEqual(['frequency', 'platforms']);
  });
});
