import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { ApiClient, eventually, registerUser, RegisteredUser, TestFleet } from '@sf/testing';
import { adminService, authService, coocookService, reviewService, startFleet } from '../fleet';
import { recipeBody } from '../coocook/coocook-helpers';
import { TEST_REVIEW_TOKEN_KEY } from '../review/review-helpers';
import { adminEmail, registerFirstAdmin } from './admin-helpers';

describe('moderation: reports by users, decisions by moderators, removal hides the content in its service', () => {
  let fleet: TestFleet;
  let api: ApiClient;
  let root: RegisteredUser;
  let moderator: RegisteredUser;
  const email = adminEmail();

  beforeAll(async () => {
    ({ fleet, api } = await startFleet([authService, coocookService, reviewService, adminService], {
      DEMO_MODE: 'false',
      ADMIN_EMAILS: email,
      REVIEW_TOKEN_KEY: TEST_REVIEW_TOKEN_KEY,
    }));
    root = await registerFirstAdmin(api, email);
    moderator = await registerUser(api);
    await eventually(async () => {
      const set = await api.put(`/api/admin/users/${moderator.id}/role`, { role: 'moderator' }, { token: root.accessToken });
      expect(set.status).toBe(200);
    }, 15_000);
    // The gateway applies the new role to the token already issued, on its next request.
    await eventually(async () => {
      expect((await api.get('/api/admin/flagged-content', { token: moderator.accessToken })).status).toBe(200);
    }, 15_000);
  });
  afterAll(() => fleet?.close());

  it('validates reports: the fields, one open report per account and content, signed-in callers only', async () => {
    const user = await registerUser(api);
    const bad = await api.post('/api/reports', { content_type: 'planet', content_id: 'x', reason: '' }, { token: user.accessToken });
    expect(bad.status).toBe(422);
    expect(Object.keys(bad.body.error.details).sort()).toEqual(['content_id', 'content_type', 'reason']);
    expect((await api.post('/api/reports', { content_type: 'recipe', content_id: randomUUID(), reason: 'Spam' })).status).toBe(401);
    const contentId = randomUUID();
    const first = await api.post(
      '/api/reports',
      { content_type: 'sns_post', content_id: contentId, reason: 'Spam links' },
      { token: user.accessToken },
    );
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({
      content_type: 'sns_post',
      content_id: contentId,
      reported_by: user.id,
      status: 'pending',
      priority: 'low',
    });
    const again = await api.post(
      '/api/reports',
      { content_type: 'sns_post', content_id: contentId, reason: 'Still spam' },
      { token: user.accessToken },
    );
    expect(again.status).toBe(409);
    expect((await api.get(`/api/admin/flagged-content/${first.body.id}`, { token: user.accessToken })).status).toBe(403);
    const rejected = await api.put(`/api/admin/flagged-content/${first.body.id}`, { action: 'reject' }, { token: moderator.accessToken });
    expect(rejected.status).toBe(422);
    expect(rejected.body.error.details).toHaveProperty('reason_for_rejection');
    const ok = await api.put(
      `/api/admin/flagged-content/${first.body.id}`,
      { action: 'reject', reason_for_rejection: 'Links are fine' },
      { token: moderator.accessToken },
    );
    expect(ok.body).toMatchObject({ status: 'rejected', resolved_by: moderator.id, resolution_note: 'Links are fine' });
  });

  it('a reported recipe removed by a moderator is gone from CooCook: detail 404, out of the public list', async () => {
    const author = await registerUser(api);
    const title = `Reported Stew ${randomUUID().slice(0, 8)}`;
    const created = await api.post('/api/recipes', recipeBody({ title }), { token: author.accessToken });
    expect(created.status).toBe(201);
    const recipeId = created.body.id;
    expect((await api.get(`/api/recipes/${recipeId}`)).status).toBe(200);

    const reporters = await Promise.all([1, 2, 3].map(() => registerUser(api)));
    const reports = [];
    for (const reporter of reporters) {
      const report = await api.post(
        '/api/reports',
        { content_type: 'recipe', content_id: recipeId, reason: 'Copied from a cookbook' },
        { token: reporter.accessToken },
      );
      expect(report.status).toBe(201);
      reports.push(report.body);
    }
    const high = await api.get('/api/admin/flagged-content', {
      token: moderator.accessToken,
      query: { status: 'pending', priority: 'high' },
    });
    expect(high.status).toBe(200);
    expect(high.body.items.map((i: any) => i.id).sort()).toEqual(reports.map((r) => r.id).sort());
    expect(high.body.items[0]).toMatchObject({ content_id: recipeId, reports_on_content: 3, priority: 'high' });
    const approved = await api.put(`/api/admin/flagged-content/${reports[0].id}`, { action: 'approve' }, { token: moderator.accessToken });
    expect(approved.body.status).toBe('approved');

    const removed = await api.post(
      `/api/admin/flagged-content/${reports[0].id}/remove`,
      { reason: 'Copyright' },
      { token: moderator.accessToken },
    );
    expect(removed.status).toBe(200);
    expect(removed.body.status).toBe('removed');
    const closed = await api.get('/api/admin/flagged-content', {
      token: moderator.accessToken,
      query: { status: 'removed', content_type: 'recipe' },
    });
    expect(closed.body.items.map((i: any) => i.id).sort()).toEqual(reports.map((r) => r.id).sort());

    await eventually(async () => expect((await api.get(`/api/recipes/${recipeId}`)).status).toBe(404), 15_000);
    expect((await api.get(`/api/recipes/${recipeId}`, { token: author.accessToken })).status).toBe(404);
    const listed = await api.get('/api/recipes', { query: { q: title } });
    expect(listed.body.recipes.map((r: any) => r.id)).not.toContain(recipeId);
    expect((await api.put(`/api/recipes/${recipeId}`, { status: 'published' }, { token: author.accessToken })).status).toBe(404);

    expect((await api.post(`/api/admin/flagged-content/${reports[1].id}/remove`, {}, { token: moderator.accessToken })).status).toBe(409);
    expect(
      (await api.put(`/api/admin/flagged-content/${reports[1].id}`, { action: 'approve' }, { token: moderator.accessToken })).status,
    ).toBe(409);
    const audit = await api.get('/api/admin/audit-logs', { token: root.accessToken, query: { action: 'admin.content.removed' } });
    expect(audit.body.logs).toEqual([expect.objectContaining({ resource_type: 'recipe', resource_id: recipeId, actor_id: moderator.id })]);
  });

  it("a removed recipe review leaves the recipe's reviews and its rating", async () => {
    const author = await registerUser(api);
    const recipe = await api.post('/api/recipes', recipeBody({ title: `Reviewed Soup ${randomUUID().slice(0, 8)}` }), {
      token: author.accessToken,
    });
    const [harsh, fair] = await Promise.all([registerUser(api), registerUser(api)]);
    const bad = await api.post(
      `/api/recipes/${recipe.body.id}/reviews`,
      { rating: 1, review_text: 'Insulting words' },
      { token: harsh.accessToken },
    );
    expect(bad.status).toBe(201);
    expect((await api.post(`/api/recipes/${recipe.body.id}/reviews`, { rating: 5 }, { token: fair.accessToken })).status).toBe(201);
    expect((await api.get(`/api/recipes/${recipe.body.id}`)).body).toMatchObject({ rating_avg: 3, rating_count: 2 });
    const report = await api.post(
      '/api/reports',
      { content_type: 'recipe_review', content_id: bad.body.id, reason: 'Abusive review' },
      { token: author.accessToken },
    );
    const removed = await api.post(`/api/admin/flagged-content/${report.body.id}/remove`, {}, { token: moderator.accessToken });
    expect(removed.body.status).toBe('removed');
    await eventually(async () => {
      const reviews = await api.get(`/api/recipes/${recipe.body.id}/reviews`);
      expect(reviews.body.reviews.map((r: any) => r.id)).not.toContain(bad.body.id);
      expect(reviews.body.total).toBe(1);
    }, 15_000);
    const detail = await api.get(`/api/recipes/${recipe.body.id}`);
    expect(detail.body).toMatchObject({ rating_avg: 5, rating_count: 1 });
    expect(detail.body.reviews.map((r: any) => r.id)).not.toContain(bad.body.id);
  });

  it('a removed review campaign is gone from the review program: detail 404, out of the campaign list', async () => {
    const brand = await registerUser(api);
    // The campaign is made in review's schema directly: making one through the API needs a paid plan, beside this test's point.
    const db = new Client({ connectionString: fleet.adminDatabaseUrl });
    await db.connect();
    let campaignId: string;
    try {
      const inserted = await db.query(
        `INSERT INTO review.campaigns (owner_id, title, product_name, category, reward_type, reward_value, max_reviewers, deadline)
         VALUES ($1, 'Reported campaign', 'Gadget', 'tech', 'cash', 10000, 3, now() + interval '10 days') RETURNING id`,
        [brand.id],
      );
      campaignId = inserted.rows[0].id;
    } finally {
      await db.end();
    }
    expect((await api.get(`/api/review/campaigns/${campaignId}`)).status).toBe(200);
    const reporter = await registerUser(api);
    const report = await api.post(
      '/api/reports',
      { content_type: 'review_campaign', content_id: campaignId, reason: 'Asks for fake reviews' },
      { token: reporter.accessToken },
    );
    expect(report.status).toBe(201);
    const removed = await api.post(`/api/admin/flagged-content/${report.body.id}/remove`, {}, { token: moderator.accessToken });
    expect(removed.body.status).toBe('removed');
    await eventually(async () => expect((await api.get(`/api/review/campaigns/${campaignId}`)).status).toBe(404), 15_000);
    const list = await api.get('/api/review/campaigns', { query: { limit: 100 } });
    expect(list.body.campaigns.map((c: any) => c.id)).not.toContain(campaignId);
  });
});
