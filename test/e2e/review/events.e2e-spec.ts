import { DeliverPolicy, jetstream } from '@nats-io/jetstream';
import { CloudEvent, eventsStreamName } from '@sf/events';
import { ApiClient, eventually, registerUser } from '@sf/testing';
import { addBlogAccount, campaignBody, control, ReviewFleet, startReviewFleet, subscribeToReview } from './review-helpers';

/** What review announces on the EVENTS stream, and what it learns from auth's user events. */
describe('review domain events', () => {
  let env: ReviewFleet;
  let api: ApiClient;

  beforeAll(async () => {
    env = await startReviewFleet();
    api = env.api;
  });
  afterAll(() => env?.close());

  async function stored(type: string): Promise<CloudEvent<any>[]> {
    const fleet = env.fleet;
    const consumer = await jetstream(fleet.nats).consumers.get(eventsStreamName({ subjectPrefix: fleet.env.NATS_SUBJECT_PREFIX }), {
      filter_subjects: fleet.subject(`events.review.${type}`),
      deliver_policy: DeliverPolicy.All,
    });
    const out: CloudEvent<any>[] = [];
    const pending = (await consumer.info()).num_pending;
    if (pending === 0) return out;
    for await (const msg of await consumer.fetch({ max_messages: pending, expires: 2000 })) {
      out.push(msg.json());
      if (out.length === pending) break;
    }
    return out;
  }

  async function one(type: string, subject: string): Promise<CloudEvent<any>> {
    return eventually(async () => {
      const found = (await stored(type)).filter((e) => e.subject === subject);
      if (found.length !== 1) throw new Error(`${type} for ${subject}: ${found.length}`);
      return found[0];
    }, 10_000);
  }

  it('announces a campaign, its applications, the decisions, the review, the reward and a scrape', async () => {
    const owner = await registerUser(api, { name: 'Brand' });
    await subscribeToReview(api, owner);
    const campaign = (await api.post('/api/review/campaigns', campaignBody({ reward_value: 30000 }), { token: owner.accessToken })).body;
    expect((await one('campaign.created', campaign.id)).data).toMatchObject({
      campaign_id: campaign.id,
      owner_id: owner.id,
      max_reviewers: 10,
    });

    const chosen = await registerUser(api, { name: 'Chosen' });
    const other = await registerUser(api, { name: 'Other' });
    const chosenAccount = await addBlogAccount(api, env.platforms, chosen);
    const otherAccount = await addBlogAccount(api, env.platforms, other);
    const a = (
      await api.post(
        '/api/review/applications',
        { campaign_id: campaign.id, account_id: chosenAccount.account.id },
        { token: chosen.accessToken },
      )
    ).body;
    const b = (
      await api.post(
        '/api/review/applications',
        { campaign_id: campaign.id, account_id: otherAccount.account.id },
        { token: other.accessToken },
      )
    ).body;
    expect((await one('application.created', a.id)).data).toMatchObject({
      application_id: a.id,
      campaign_owner_id: owner.id,
      status: 'pending',
    });

    await api.put(`/api/review/applications/${a.id}`, { status: 'approved' }, { token: owner.accessToken });
    await api.put(`/api/review/applications/${b.id}`, { status: 'rejected' }, { token: owner.accessToken });
    expect((await one('application.approved', a.id)).data).toMatchObject({ user_id: chosen.id, status: 'selected', reward_krw: 30000 });
    expect((await one('application.rejected', b.id)).data).toMatchObject({ user_id: other.id, status: 'rejected' });

    const post: any = await control(env.platforms, 'POST', `/naver-blog/_control/blogs/${chosenAccount.blogId}/posts`, { title: '후기' });
    await api.post(
      `/api/review/applications/${a.id}/review`,
      { review_url: `${env.platforms.url}${post.path}` },
      { token: chosen.accessToken },
    );
    expect((await one('review.submitted', a.id)).data).toMatchObject({ verified: true, status: 'review_submitted' });

    await api.put(`/api/review/applications/${a.id}`, { status: 'completed' }, { token: owner.accessToken });
    const reward = (await api.get('/api/review/rewards', { token: chosen.accessToken })).body.rewards[0];
    await api.post(`/api/review/rewards/${reward.id}/confirm-received`, {}, { token: chosen.accessToken });
    expect((await one('reward.received', reward.id)).data).toMatchObject({ application_id: a.id, amount_krw: 30000, currency: 'KRW' });

    await api.post('/api/review/scrape/now', { platform: 'revu' }, { token: chosen.accessToken });
    const scraped = await eventually(async () => {
      const found = (await stored('scrape.completed')).filter((e) => e.subject === 'revu');
      if (found.length === 0) throw new Error('no scrape yet');
      return found[0];
    }, 15_000);
    expect(scraped.data).toMatchObject({ platform: 'revu', ok: true, listings_found: 6, new_listings: 6, error: null });
  });

  it("follows a user's new name, and forgets a deleted user's accounts while the campaign keeps the application", async () => {
    const owner = await registerUser(api, { name: 'Brand Two' });
    await subscribeToReview(api, owner);
    const campaign = (await api.post('/api/review/campaigns', campaignBody(), { token: owner.accessToken })).body;
    const applicant = await registerUser(api, { name: 'Before Rename' });
    const { account } = await addBlogAccount(api, env.platforms, applicant, 77);
    await api.post('/api/review/applications', { campaign_id: campaign.id, account_id: account.id }, { token: applicant.accessToken });
    const names = async () =>
      (await api.get(`/api/review/campaigns/${campaign.id}/applications`, { token: owner.accessToken })).body.applications.map(
        (x: any) => x.user_name,
      );

    await eventually(async () => expect(await names()).toEqual(['Before Rename']));
    expect((await api.put('/api/auth/profile', { name: 'After Rename' }, { token: applicant.accessToken })).status).toBe(200);
    await eventually(async () => expect(await names()).toEqual(['After Rename']));

    const deleted = await api.request('DELETE', '/api/auth/account', {
      token: applicant.accessToken,
      body: { password: applicant.password },
    });
    expect(deleted.status).toBe(204);
    await eventually(async () => expect(await names()).toEqual(['']));
    expect((await api.get(`/api/review/campaigns/${campaign.id}`)).body.applications_count).toBe(1);
  });
});
