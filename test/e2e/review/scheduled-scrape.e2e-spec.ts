import { ApiClient, eventually, registerUser } from '@sf/testing';
import { ReviewFleet, startReviewFleet } from './review-helpers';

/** The scrape schedule (pg-boss cron): listings arrive without anyone asking. */
describe('review scheduled scrape', () => {
  let env: ReviewFleet;
  let api: ApiClient;

  beforeAll(async () => {
    env = await startReviewFleet({ REVIEW_SCRAPE_CRON: '* * * * *' });
    api = env.api;
  });
  afterAll(() => env?.close());

  it('scrapes every platform on its schedule and says when the next run is', async () => {
    const user = await registerUser(api);
    const before = (await api.get('/api/review/scrape/status', { token: user.accessToken })).body.platforms;
    expect(before.map((p: any) => p.next_scrape_time)).toEqual([expect.any(String), expect.any(String)]);
    const listings = await eventually(async () => {
      const all = await api.get('/api/review/aggregated?limit=100', { token: user.accessToken });
      if (all.body.total < 10) throw new Error(`only ${all.body.total} listings so far`);
      return all.body;
    }, 150_000);
    expect(listings.total).toBe(10);
    const after = (await api.get('/api/review/scrape/status', { token: user.accessToken })).body.platforms;
    for (const p of after) expect(Date.parse(p.next_scrape_time)).toBeGreaterThan(Date.parse(p.last_scrape_time));
  }, 180_000);
});
