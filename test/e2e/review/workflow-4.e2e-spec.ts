import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ApiClient, eventually, registerUser, runPythonScript } from '@sf/testing';
import { addBlogAccount, campaignBody, ReviewFleet, startReviewFleet, subscribeToReview } from './review-helpers';

const DRIVER = path.join(__dirname, 'workflow4.py');
const SEED = path.resolve(__dirname, '../../../../shared/seeds/000_a5d986c196a8dc34.txt');

/**
 * Seed workflow 4 ("Create Review Campaign") as the seed's Python writes it, for a Review Campaign
 * subscriber, with a second user applying through their Naver blog account in between.
 */
describe('seed workflow 4: create a review campaign', () => {
  let env: ReviewFleet;
  let api: ApiClient;

  beforeAll(async () => {
    env = await startReviewFleet();
    api = env.api;
  });
  afterAll(() => env?.close());

  (existsSync(SEED) ? it : it.skip)('runs the seed text verbatim (the driver holds it unchanged, split after step 1)', () => {
    const driver = readFileSync(DRIVER, 'utf8');
    const blocks = [...driver.matchAll(/# ---- BEGIN VERBATIM[^\n]*\n[A-Z_0-9]+ = """([\s\S]*?)"""\n# ---- END VERBATIM ----/g)].map(
      (m) => m[1],
    );
    expect(blocks).toHaveLength(2);
    expect(blocks[0]).toMatch(/^# 1\. Create campaign/);
    expect(blocks[1]).toMatch(/^# 2\. Get applications/);
    expect(readFileSync(SEED, 'utf8')).toContain(blocks.join(''));
  });

  it('creates the campaign, shows the applicant with name and followers, approves, and counts publicly', async () => {
    const owner = await registerUser(api, { name: 'Brand Owner' });
    await subscribeToReview(api, owner);
    const applicant = await registerUser(api, { name: 'Kim Reviewer' });
    const { account } = await addBlogAccount(api, env.platforms, applicant, 1234);
    expect(account).toMatchObject({ status: 'verified', follower_count: 1234 });
    // The applicant's name reaches review by auth's event: wait for it on a campaign of its own.
    const probe = await api.post('/api/review/campaigns', campaignBody({ title: 'Probe' }), { token: owner.accessToken });
    await api.post('/api/review/applications', { campaign_id: probe.body.id, account_id: account.id }, { token: applicant.accessToken });
    await eventually(async () => {
      const seen = await api.get(`/api/review/campaigns/${probe.body.id}/applications`, { token: owner.accessToken });
      if (seen.body.applications?.[0]?.user_name !== 'Kim Reviewer') throw new Error('name not projected yet');
    });

    const result: any = await runPythonScript(DRIVER, [env.fleet.baseUrl, owner.accessToken, applicant.accessToken, account.id], {
      timeoutMs: 40_000,
    });

    expect(result.campaign).toMatchObject({
      title: 'Winter Jacket Review',
      product_name: 'TechJacket Pro',
      category: 'Fashion',
      reward_type: 'cash',
      reward_value: 50000,
      max_reviewers: 10,
      deadline: '2031-03-15T23:59:59.000Z',
      owner_id: owner.id,
      applications_count: 0,
      spots_available: 10,
    });
    expect(result.applied).toMatchObject({
      status: 201,
      body: { status: 'pending', campaign_id: result.campaign.id, submission: 'campaign' },
    });
    expect(result.applications).toMatchObject({
      total: 1,
      applications: [{ user_name: 'Kim Reviewer', follower_count: 1234, account_id: account.id, user_id: applicant.id }],
    });
    expect(result.printed).toEqual(['Kim Reviewer: 1234 followers', 'Applications: 1/10']);
    expect(result.approval).toMatchObject({ id: result.applied.body.id, status: 'selected' });
    expect(result.campaign_detail).toMatchObject({ applications_count: 1, approved_count: 1, spots_available: 9, max_reviewers: 10 });

    // The applicant sees the approval too.
    const mine = await api.get(`/api/review/applications/${result.applied.body.id}/status`, { token: applicant.accessToken });
    expect(mine.body).toMatchObject({ status: 'selected' });
  });

  it('refuses campaign creation without a Review Campaign subscription, and serves the list and detail without a token', async () => {
    const free = await registerUser(api);
    const refused = await api.post(
      '/api/review/campaigns',
      {
        title: 'x',
        product_name: 'y',
        category: 'Fashion',
        reward_type: 'cash',
        reward_value: 1,
        max_reviewers: 1,
        deadline: '2031-01-01T00:00:00Z',
      },
      { token: free.accessToken },
    );
    expect(refused.status).toBe(403);
    expect(refused.body.error).toMatchObject({ code: 'SUBSCRIPTION_REQUIRED', message: 'Subscription to Review Campaign required' });
    const list = await eventually(async () => {
      const r = await api.get('/api/review/campaigns?category=fashion');
      if (r.body.total < 1) throw new Error('not yet');
      return r;
    });
    expect(list.status).toBe(200);
    expect(list.body.campaigns[0]).toMatchObject({ category: 'Fashion' });
  });
});
