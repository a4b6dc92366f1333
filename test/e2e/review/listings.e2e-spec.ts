import { ApiClient, eventually, registerUser, RegisteredUser } from '@sf/testing';
import { addBlogAccount, control, ReviewFleet, startReviewFleet } from './review-helpers';

/** Listings scraped from the stand-in's revu and reviewplace pages: scrape/now, status, closing, failures. */
describe('review listings', () => {
  let env: ReviewFleet;
  let api: ApiClient;
  let user: RegisteredUser;

  beforeAll(async () => {
    env = await startReviewFleet();
    api = env.api;
    user = await registerUser(api);
  });
  afterAll(() => env?.close());

  async function scrapeAndWait(platform?: string): Promise<any> {
    const before = (await api.get('/api/review/scrape/status', { token: user.accessToken })).body.platforms;
    const runs = new Map<string, number>(before.map((p: any) => [p.platform, p.runs]));
    const now = await api.post('/api/review/scrape/now', platform ? { platform } : {}, { token: user.accessToken });
    expect(now.status).toBe(200);
    expect(now.body).toMatchObject({
      scraper_status: expect.stringMatching(/^(running|queued)$/),
      estimated_time_seconds: expect.any(Number),
    });
    return eventually(async () => {
      const status = (await api.get('/api/review/scrape/status', { token: user.accessToken })).body.platforms;
      for (const p of status) {
        if (platform && p.platform !== platform) continue;
        if (p.runs <= (runs.get(p.platform) ?? 0) || p.status !== 'idle') throw new Error(`${p.platform} not scraped yet`);
      }
      return status;
    }, 15_000);
  }

  async function listing(platform: string, externalId: string): Promise<any> {
    const all = await api.get(`/api/review/aggregated?platform=${platform}&status=all&limit=100`, { token: user.accessToken });
    return all.body.listings.find((l: any) => l.external_id === externalId);
  }

  it('gathers every page of both platforms, mapped onto categories and KRW, filtered and sorted', async () => {
    const status = await scrapeAndWait();
    expect(status).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ platform: 'revu', listings_found: 6, last_error: null, last_scrape_time: expect.any(String) }),
        expect.objectContaining({ platform: 'reviewplace', listings_found: 4, last_error: null }),
      ]),
    );
    const all = await api.get('/api/review/aggregated?limit=100', { token: user.accessToken });
    expect(all.body.total).toBe(10);
    const jacket = all.body.listings.find((l: any) => l.external_id === '1003');
    expect(jacket).toMatchObject({
      source_platform: 'revu',
      category: 'Fashion',
      reward_krw: 150000,
      max_applicants: 5,
      applicant_count: 5,
    });
    const burger = all.body.listings.find((l: any) => l.external_id === '2001');
    expect(burger).toMatchObject({ source_platform: 'reviewplace', category: 'Food', reward_krw: 30000, accepts_api_applications: false });

    const sorted = await api.get('/api/review/aggregated?platform=revu&min_reward_krw=50000&sort=-reward_value', {
      token: user.accessToken,
    });
    expect(sorted.body.listings.map((l: any) => l.reward_value)).toEqual([200000, 150000, 120000, 80000]);
    const food = await api.get('/api/review/aggregated?category=food', { token: user.accessToken });
    expect(food.body.listings.map((l: any) => l.external_id).sort()).toEqual(['1001', '2001']);

    for (const bad of ['platform=coupang', 'category=weapons', 'sort=-hype', 'min_reward_krw=lots']) {
      const answer = await api.get(`/api/review/aggregated?${bad}`, { token: user.accessToken });
      expect(answer.status).toBe(422);
      expect(Object.keys(answer.body.error.details)).toEqual([bad.split('=')[0]]);
    }
    const categories = await api.get('/api/review/categories', { token: user.accessToken });
    expect(categories.body.categories).toEqual(expect.arrayContaining([{ slug: 'food', name: 'Food', open_listings: 2 }]));
    const platforms = await api.get('/api/review/platforms', { token: user.accessToken });
    expect(platforms.body.platforms).toEqual(
      expect.arrayContaining([expect.objectContaining({ id: 'revu', kind: 'listings', accepts_api_applications: true, open_listings: 6 })]),
    );
  });

  it('shows a listing added on the platform after scrape/now, and closes one that was removed', async () => {
    await control(env.platforms, 'POST', '/revu/_control/listings', {
      id: '1999',
      title: '신상 러닝화 체험단',
      category: '패션',
      reward: '99,000원 상당 제품',
      capacity: 4,
      applied: 0,
    });
    await control(env.platforms, 'DELETE', '/revu/_control/listings/1001');
    await scrapeAndWait('revu');
    expect(await listing('revu', '1999')).toMatchObject({
      status: 'open',
      title: '신상 러닝화 체험단',
      reward_krw: 99000,
      category: 'Fashion',
    });
    const removed = await listing('revu', '1001');
    expect(removed).toMatchObject({ status: 'closed', closed_at: expect.any(String) });
    const open = await api.get('/api/review/aggregated?platform=revu&limit=100', { token: user.accessToken });
    expect(open.body.listings.map((l: any) => l.external_id)).not.toContain('1001');

    // Applying to a closed listing: 409.
    const { account } = await addBlogAccount(api, env.platforms, user);
    const refused = await api.post(
      '/api/review/applications',
      { listing_id: removed.id, account_id: account.id },
      { token: user.accessToken },
    );
    expect(refused.status).toBe(409);
  });

  it('keeps the previous listings when a page breaks, and reports last_error until a scrape succeeds', async () => {
    const before = await api.get('/api/review/aggregated?platform=reviewplace&limit=100', { token: user.accessToken });
    expect(before.body.total).toBe(4);
    for (const mode of ['error', 'garbled']) {
      await control(env.platforms, 'PUT', '/reviewplace/_control/mode', { mode });
      const status = await scrapeAndWait('reviewplace');
      const reviewplace = status.find((p: any) => p.platform === 'reviewplace');
      expect(reviewplace.last_error).toEqual(expect.any(String));
      expect(reviewplace.last_error_time).toEqual(expect.any(String));
      const after = await api.get('/api/review/aggregated?platform=reviewplace&limit=100', { token: user.accessToken });
      expect(after.body.total).toBe(4);
      expect(after.body.listings.every((l: any) => l.status === 'open')).toBe(true);
    }
    await control(env.platforms, 'PUT', '/reviewplace/_control/mode', { mode: 'ok' });
    const healed = (await scrapeAndWait('reviewplace')).find((p: any) => p.platform === 'reviewplace');
    expect(healed).toMatchObject({ last_error: null, listings_found: 4 });
  });

  it('applies through revu’s API, and for reviewplace answers a manual submission with the listing URL', async () => {
    const applicant = await registerUser(api);
    const { account, blogId } = await addBlogAccount(api, env.platforms, applicant);
    const revuListing = await listing('revu', '1004');
    const viaApi = await api.post(
      '/api/review/applications',
      { listing_id: revuListing.id, account_id: account.id },
      { token: applicant.accessToken },
    );
    expect(viaApi.status).toBe(201);
    expect(viaApi.body).toMatchObject({
      status: 'pending',
      submission: 'api',
      external_application_id: expect.any(String),
      reward_krw: 120000,
    });
    const received = await control(env.platforms, 'GET', '/revu/_control/applications');
    expect(received.applications).toEqual(expect.arrayContaining([expect.objectContaining({ listing_id: '1004', channel_name: blogId })]));
    const twice = await api.post(
      '/api/review/applications',
      { listing_id: revuListing.id, account_id: account.id },
      { token: applicant.accessToken },
    );
    expect(twice.status).toBe(409);

    const placeListing = await listing('reviewplace', '2003');
    const manual = await api.post(
      '/api/review/applications',
      { listing_id: placeListing.id, account_id: account.id },
      { token: applicant.accessToken },
    );
    expect(manual.body).toMatchObject({ submission: 'manual', listing_url: placeListing.url, status: 'pending' });

    const full = await listing('revu', '1003');
    const refused = await api.post(
      '/api/review/applications',
      { listing_id: full.id, account_id: account.id },
      { token: applicant.accessToken },
    );
    expect(refused.status).toBe(409);

    const mine = await api.get('/api/review/applications?sort=-applied_at&status=pending', { token: applicant.accessToken });
    expect(mine.body.applications.map((a: any) => a.id)).toEqual([manual.body.id, viaApi.body.id]);
    expect((await api.get('/api/review/applications?status=lost', { token: applicant.accessToken })).status).toBe(422);
  });

  it('limits immediate scrapes per user (429 with Retry-After); the runs they asked for finish cleanly', async () => {
    const eager = await registerUser(api);
    const answers = [];
    for (let i = 0; i < 10; i++)
      answers.push(await api.post('/api/review/scrape/now', { platform: 'reviewplace' }, { token: eager.accessToken }));
    expect(answers.map((a) => a.status)).toEqual(Array(10).fill(200));
    const limited = await api.post('/api/review/scrape/now', {}, { token: eager.accessToken });
    expect(limited.status).toBe(429);
    expect(limited.body.error.code).toBe('RATE_LIMIT_EXCEEDED');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    const status = await eventually(async () => {
      const now = (await api.get('/api/review/scrape/status', { token: user.accessToken })).body.platforms;
      const place = now.find((p: any) => p.platform === 'reviewplace');
      if (place.status !== 'idle') throw new Error('still scraping');
      return place;
    }, 15_000);
    expect(status.last_error).toBeNull();
    expect((await api.post('/api/review/scrape/now', { platform: 'coupang' }, { token: user.accessToken })).status).toBe(422);
  });

  it('bookmarks listings per user; another user’s bookmarks are not theirs to remove', async () => {
    const other = await registerUser(api);
    const target = await listing('revu', '1005');
    expect((await api.post(`/api/review/listings/${target.id}/bookmark`, {}, { token: user.accessToken })).body).toMatchObject({
      bookmarked: true,
    });
    expect((await api.post(`/api/review/listings/${target.id}/bookmark`, {}, { token: user.accessToken })).status).toBe(200);
    const mine = await api.get('/api/review/listings/bookmarked', { token: user.accessToken });
    expect(mine.body).toMatchObject({ total: 1, listings: [{ id: target.id, bookmarked: true }] });
    expect((await api.get('/api/review/listings/bookmarked', { token: other.accessToken })).body.total).toBe(0);
    expect((await api.get(`/api/review/listings/${target.id}`, { token: other.accessToken })).body.bookmarked).toBe(false);
    expect((await api.delete(`/api/review/listings/${target.id}/bookmark`, { token: other.accessToken })).status).toBe(404);
    expect((await api.delete(`/api/review/listings/${target.id}/bookmark`, { token: user.accessToken })).status).toBe(204);
    expect((await api.get(`/api/review/listing/${target.id}`, { token: user.accessToken })).body.bookmarked).toBe(false);
  });
});
