import { DeliverPolicy, jetstream } from '@nats-io/jetstream';
import { randomUUID } from 'node:crypto';
import { CloudEvent, eventsStreamName } from '@sf/events';
import { ApiClient, eventually, registerUser, RegisteredUser } from '@sf/testing';
import { daysFromNow, recipeBody, registerChef, subscribeToCoocook } from '../coocook/coocook-helpers';
import { authService, coocookService, paymentService, platformService, storageService } from '../fleet';
import { PaymentFleet, payCheckout, startPaymentFleet } from '../payment-fleet';
import { startTestS3, TestS3 } from '../storage-fleet';
import { uploadFile } from '../storage/files-client';

describe('the platform dashboard and product catalogue, from the other services’ events', () => {
  let s3: TestS3;
  let env: PaymentFleet;
  let api: ApiClient;

  beforeAll(async () => {
    s3 = await startTestS3();
    env = await startPaymentFleet([authService, paymentService, storageService, coocookService, platformService], {
      ...s3.env,
      DEMO_MODE: 'false',
    });
    api = env.api;
  }, 90_000);
  afterAll(async () => {
    await env?.close();
    await s3?.close();
  });

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

  it('shows a new user with their name and email, nothing subscribed, no usage, and no notification count yet', async () => {
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
    expect(dashboard.storage).toEqual({ files: 0, bytes: 0 });
    expect(dashboard.recent_activity).toEqual([expect.objectContaining({ type: 'user.registered', title: 'Account created' })]);
    expect(dashboard.unread_notifications).toBeNull();
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
});
