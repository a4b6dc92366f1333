import { DeliverPolicy, jetstream } from '@nats-io/jetstream';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { CloudEvent, eventsStreamName } from '@sf/events';
import { ApiClient, eventually, registerUser, RegisteredUser } from '@sf/testing';
import { daysFromNow, recipeBody, registerChef, subscribeToCoocook } from '../coocook/coocook-helpers';
import { FullFleet, startFullFleet } from '../full-fleet';
import { payCheckout } from '../payment-fleet';
import { addBlogAccount, campaignBody, subscribeToReview } from '../review/review-helpers';
import { connectAccount, settledPost, subscribeToSns } from '../sns/sns-fleet';
import { uploadFile } from '../storage/files-client';

describe('the platform dashboard and product catalogue, from the other services’ events', () => {
  let env: FullFleet;
  let api: ApiClient;

  beforeAll(async () => {
    env = await startFullFleet({ DEMO_MODE: 'false' });
    api = env.api;
  }, 90_000);
  afterAll(() => env?.close());

  const as = (user: RegisteredUser) => ({ token: user.accessToken });
  const dashboardOf = async (user: RegisteredUser) => {
    const response = await api.get('/api/platform/dashboard', as(user));
    expect(response.status).toBe(200);
    return response.body;
  };

  it('answers 401 without credentials, on both routes', async () => {
    for (const path of ['/api/platform/dashboard', '/api/platform/products']) {
      const response = await api.get(path);
      expect(response.status).toBe(401);
      expect(response.body.error.code).toBe('UNAUTHORIZED');
    }
  });

  it('shows a new user with their name and email, nothing subscribed, no usage, and no unread notifications', async () => {
    const user = await registerUser(api, { name: 'Dana Dashboard' });
    const dashboard = await eventually(async () => {
      const body = await dashboardOf(user);
      expect(body.user).toEqual({ id: user.id, name: 'Dana Dashboard', email: user.email });
      return body;
    }, 10_000);
    expect(dashboard.subscriptions).toEqual([]);
    expect(dashboard.products.map((p: any) => p.slug)).toEqual([
      'coocook',
      'sns-auto',
      'review-campaign',
      'ai-automation',
      'webapp-builder',
    ]);
    expect(dashboard.products.every((p: any) => p.subscribed === false)).toBe(true);
    expect(dashboard.products[0].usage).toEqual({ bookings: 0, recipes: 0 });
    expect(dashboard.products[1].usage).toEqual({ posts: 0, published: 0 });
    expect(dashboard.products[2].usage).toEqual({ campaigns: 0, applications: 0 });
    expect(dashboard.storage).toEqual({ files: 0, bytes: 0 });
    expect(dashboard.recent_activity).toEqual([expect.objectContaining({ type: 'user.registered', title: 'Account created' })]);
    expect(dashboard.unread_notifications).toBe(0);
  });

  it('shows a subscription and a booking within seconds of their events; the catalogue marks the product subscribed', async () => {
    const guest = await registerUser(api);
    const { chef } = await registerChef(api);
    await subscribeToCoocook(api, guest, payCheckout, eventually);
    const booked = await api.post(
      '/api/coocook/bookings',
      { chef_id: chef.id, booking_date: daysFromNow(6), duration_hours: 2 },
      as(guest),
    );
    expect(booked.status).toBe(201);

    const dashboard = await eventually(async () => {
      const body = await dashboardOf(guest);
      expect(body.subscriptions).toEqual([
        expect.objectContaining({ product: 'coocook', product_id: 1, plan: expect.any(String), status: 'active' }),
      ]);
      expect(body.products[0]).toMatchObject({ id: 1, slug: 'coocook', name: 'CooCook', subscribed: true, usage: { bookings: 1 } });
      return body;
    }, 10_000);
    expect(Date.parse(dashboard.subscriptions[0].current_period_end)).toBeGreaterThan(Date.now());
    const types = dashboard.recent_activity.map((a: any) => a.type);
    expect(types).toEqual(expect.arrayContaining(['subscription.created', 'booking.created', 'user.registered']));
    // Newest first.
    const times = dashboard.recent_activity.map((a: any) => Date.parse(a.at));
    expect([...times].sort((a, b) => b - a)).toEqual(times);

    const catalogue = await api.get('/api/platform/products', as(guest));
    expect(catalogue.status).toBe(200);
    expect(catalogue.body).toMatchObject({ total: 5, page: 1, pages: 1 });
    expect(catalogue.body.products[0]).toMatchObject({ id: 1, slug: 'coocook', subscribed: true, status: 'active' });
    expect(catalogue.body.products.slice(1).every((p: any) => p.subscribed === false && p.plan === null)).toBe(true);

    // The notices those events made are counted as unread, and reading them all clears the count.
    const notices = await eventually(async () => {
      const list = await api.get('/api/notifications', { ...as(guest), query: { unread: 'true' } });
      expect(list.body.total).toBeGreaterThan(0);
      return list.body.total as number;
    }, 10_000);
    await eventually(async () => expect((await dashboardOf(guest)).unread_notifications).toBe(notices), 10_000);
    expect((await api.post('/api/notifications/read-all', {}, as(guest))).status).toBeLessThan(300);
    await eventually(async () => expect((await dashboardOf(guest)).unread_notifications).toBe(0), 10_000);

    // Someone else's dashboard shows none of it.
    const other = await registerUser(api);
    const theirs = await eventually(async () => {
      const body = await dashboardOf(other);
      expect(body.user.id).toBe(other.id);
      expect(body.user.email).toBe(other.email);
      return body;
    }, 10_000);
    expect(theirs.subscriptions).toEqual([]);
    expect(theirs.products[0].usage).toEqual({ bookings: 0, recipes: 0 });
  });

  it("follows a renewal: the subscription's new period, and a line in the recent activity", async () => {
    const user = await registerUser(api);
    await subscribeToCoocook(api, user, payCheckout, eventually);
    const before = await eventually(async () => {
      const body = await dashboardOf(user);
      expect(body.subscriptions).toEqual([expect.objectContaining({ product: 'coocook', status: 'active' })]);
      return body.subscriptions[0];
    }, 10_000);
    const stripeId = env.stripe.events('customer.subscription.created').find((e) => e.data.object.metadata.user_id === user.id)?.data
      .object.id;
    env.stripe.renewSubscription(stripeId);
    await eventually(async () => {
      const body = await dashboardOf(user);
      expect(Date.parse(body.subscriptions[0].current_period_end)).toBeGreaterThan(Date.parse(before.current_period_end));
      expect(body.recent_activity).toContainEqual(
        expect.objectContaining({ type: 'subscription.renewed', title: 'Subscription to CooCook renewed' }),
      );
    }, 15_000);
  });

  it('counts published recipes (not drafts, not deleted ones) and stored files with their bytes', async () => {
    const { user: author } = await registerChef(api);
    const published = await api.post('/api/recipes', recipeBody({ title: 'Dashboard Soup' }), as(author));
    expect(published.status).toBe(201);
    const draft = await api.post('/api/recipes', recipeBody({ title: 'Dashboard Draft', status: 'draft' }), as(author));
    expect(draft.status).toBe(201);
    const bytes = Buffer.from('plain text for the dashboard\n'.repeat(40));
    const upload = await uploadFile(api, author.accessToken, { name: 'notes.txt', bytes }, 'document', { type: 'text/plain' });
    expect(upload.status).toBe(201);

    await eventually(async () => {
      const body = await dashboardOf(author);
      expect(body.products[0].usage).toEqual({ bookings: 0, recipes: 1 });
      expect(body.storage).toEqual({ files: 1, bytes: bytes.length });
    }, 10_000);

    expect((await api.delete(`/api/recipes/${published.body.id}`, as(author))).status).toBe(204);
    expect((await api.delete(`/api/files/${upload.body.file_id}`, as(author))).status).toBe(204);
    await eventually(async () => {
      const body = await dashboardOf(author);
      expect(body.products[0].usage).toEqual({ bookings: 0, recipes: 0 });
      expect(body.storage).toEqual({ files: 0, bytes: 0 });
      expect(body.recent_activity.map((a: any) => a.type)).toEqual(expect.arrayContaining(['recipe.published', 'file.uploaded']));
    }, 10_000);
  });

  it('changes nothing when an event is delivered again (the same event id under a new message id)', async () => {
    const guest = await registerUser(api);
    const { chef } = await registerChef(api);
    await subscribeToCoocook(api, guest, payCheckout, eventually);
    const first = await api.post('/api/coocook/bookings', { chef_id: chef.id, booking_date: daysFromNow(8), duration_hours: 2 }, as(guest));
    expect(first.status).toBe(201);
    await eventually(async () => expect((await dashboardOf(guest)).products[0].usage.bookings).toBe(1), 10_000);

    // The stored booking.created, published once more as a broker would redeliver it.
    const fleet = env.fleet;
    const consumer = await jetstream(fleet.nats).consumers.get(eventsStreamName({ subjectPrefix: fleet.env.NATS_SUBJECT_PREFIX }), {
      filter_subjects: fleet.subject('events.coocook.booking.created'),
      deliver_policy: DeliverPolicy.All,
    });
    let stored: CloudEvent<any> | undefined;
    const pending = (await consumer.info()).num_pending;
    let seen = 0;
    for await (const msg of await consumer.fetch({ max_messages: pending, expires: 2000 })) {
      const event = msg.json<CloudEvent<any>>();
      if (event.subject === first.body.id) stored = event;
      if (++seen === pending) break;
    }
    expect(stored).toBeDefined();
    await jetstream(fleet.nats).publish(fleet.subject('events.coocook.booking.created'), JSON.stringify(stored), { msgID: randomUUID() });

    // A later booking's event comes after the repeat on the same consumer: once it shows, the repeat was handled.
    const second = await api.post(
      '/api/coocook/bookings',
      { chef_id: chef.id, booking_date: daysFromNow(9), duration_hours: 2 },
      as(guest),
    );
    expect(second.status).toBe(201);
    const dashboard = await eventually(async () => {
      const body = await dashboardOf(guest);
      expect(body.products[0].usage.bookings).toBe(2);
      expect(body.recent_activity.filter((a: any) => a.type === 'booking.created')).toHaveLength(2);
      return body;
    }, 10_000);
    expect(dashboard.products[0].usage.bookings).toBe(2);
  });

  it('counts SNS posts (and the published ones) and review campaigns and applications, each for its own user', async () => {
    const author = await registerUser(api);
    await subscribeToSns(api, author);
    await connectAccount(api, author, 'instagram');
    const draft = await api.post('/api/sns/posts', { platforms: ['instagram'], content: 'A dashboard draft' }, as(author));
    expect(draft.status).toBe(201);
    const post = await api.post(
      '/api/sns/posts',
      { platforms: ['instagram'], content: 'Out to the world', image_url: 'https://cdn.example.com/a.jpg' },
      as(author),
    );
    expect(post.status).toBe(201);
    await eventually(async () => expect((await dashboardOf(author)).products[1].usage).toEqual({ posts: 2, published: 0 }), 10_000);
    expect((await api.post(`/api/sns/posts/${post.body.id}/publish`, {}, as(author))).status).toBe(200);
    expect((await settledPost(api, author, post.body.id)).status).toBe('published');
    const afterPost = await eventually(async () => {
      const body = await dashboardOf(author);
      expect(body.products[1]).toMatchObject({ slug: 'sns-auto', subscribed: true, usage: { posts: 2, published: 1 } });
      expect(body.recent_activity).toEqual(
        expect.arrayContaining([expect.objectContaining({ type: 'post.published', title: 'Posted on instagram' })]),
      );
      return body;
    }, 15_000);
    expect(afterPost.products[2].usage).toEqual({ campaigns: 0, applications: 0 });
    // A deleted post is no longer counted.
    expect((await api.delete(`/api/sns/posts/${draft.body.id}`, as(author))).status).toBe(204);
    await eventually(async () => expect((await dashboardOf(author)).products[1].usage).toEqual({ posts: 1, published: 1 }), 10_000);

    const brand = await registerUser(api);
    await subscribeToReview(api, brand);
    const campaign = await api.post('/api/review/campaigns', campaignBody({ title: 'Dashboard Jacket' }), as(brand));
    expect(campaign.status).toBe(201);
    const reviewer = await registerUser(api);
    const { account } = await addBlogAccount(api, env.platforms, reviewer);
    const applied = await api.post('/api/review/applications', { campaign_id: campaign.body.id, account_id: account.id }, as(reviewer));
    expect(applied.status).toBe(201);

    await eventually(async () => {
      const body = await dashboardOf(brand);
      expect(body.products[2]).toMatchObject({ slug: 'review-campaign', subscribed: true, usage: { campaigns: 1, applications: 0 } });
      expect(body.recent_activity).toEqual(
        expect.arrayContaining([expect.objectContaining({ type: 'campaign.created', title: 'Opened campaign Dashboard Jacket' })]),
      );
    }, 10_000);
    const reviewerDashboard = await eventually(async () => {
      const body = await dashboardOf(reviewer);
      expect(body.products[2].usage).toEqual({ campaigns: 0, applications: 1 });
      expect(body.recent_activity).toEqual(
        expect.arrayContaining([expect.objectContaining({ type: 'application.created', title: 'Applied to Dashboard Jacket' })]),
      );
      return body;
    }, 10_000);
    expect(reviewerDashboard.products[1].usage).toEqual({ posts: 0, published: 0 });
    // Approval changes the application's status, not the count.
    expect((await api.put(`/api/review/applications/${applied.body.id}`, { status: 'approved' }, as(brand))).status).toBe(200);
    await eventually(async () => {
      const body = await dashboardOf(reviewer);
      expect(body.recent_activity.map((a: any) => a.type)).toContain('application.approved');
      expect(body.products[2].usage).toEqual({ campaigns: 0, applications: 1 });
    }, 10_000);

    // A campaign deleted by its owner is no longer counted.
    const spare = await api.post('/api/review/campaigns', campaignBody({ title: 'Dashboard Spare' }), as(brand));
    expect(spare.status).toBe(201);
    await eventually(async () => expect((await dashboardOf(brand)).products[2].usage).toEqual({ campaigns: 2, applications: 0 }), 10_000);
    expect((await api.delete(`/api/review/campaigns/${spare.body.id}`, as(brand))).status).toBe(204);
    await eventually(async () => expect((await dashboardOf(brand)).products[2].usage).toEqual({ campaigns: 1, applications: 0 }), 10_000);

    // A deleted account's SNS and review usage and activity go with it.
    const deleted = await api.delete('/api/auth/account', { token: author.accessToken, body: { password: author.password } });
    expect(deleted.status).toBe(204);
    const db = new Client({ connectionString: env.fleet.adminDatabaseUrl });
    await db.connect();
    try {
      await eventually(async () => {
        const rows = (
          await db.query(
            `SELECT (SELECT count(*) FROM platform.usage_items WHERE user_id = $1)::int AS items,
                    (SELECT count(*) FROM platform.activity WHERE user_id = $1)::int AS lines`,
            [author.id],
          )
        ).rows;
        expect(rows[0]).toEqual({ items: 0, lines: 0 });
      }, 10_000);
    } finally {
      await db.end();
    }
  }, 90_000);
});
