import { DeliverPolicy, jetstream } from '@nats-io/jetstream';
import { randomUUID } from 'node:crypto';
import { eventsStreamName } from '@sf/events';
import { ApiClient, eventually, RegisteredUser, registerUser } from '@sf/testing';
import { authService, coocookService, notificationsService, paymentService } from '../fleet';
import { payCheckout } from '../payment-fleet';
import { daysFromNow, registerChef, subscribeToCoocook } from '../coocook/coocook-helpers';
import { connected, openSocket, TestSocket } from './sockets';
import { drained as waitDrained, NotificationsFleet, startNotificationsFleet } from './notifications-fleet';

describe('In-app notifications from booking events, through the gateway', () => {
  let env: NotificationsFleet;
  let api: ApiClient;
  let guest: RegisteredUser;
  let stranger: RegisteredUser;
  let bookingId: string;
  let confirmedEvent: Record<string, unknown>;
  let guestSocket: TestSocket;

  const drained = (consumer: string) => waitDrained(env.fleet, consumer);
  const as = (user: RegisteredUser) => ({ token: user.accessToken });
  const listOf = async (user: RegisteredUser, query: Record<string, string> = {}) => {
    const response = await api.get('/api/notifications', { ...as(user), query });
    expect(response.status).toBe(200);
    return response.body;
  };

  beforeAll(async () => {
    env = await startNotificationsFleet([authService, paymentService, coocookService, notificationsService], { DEMO_MODE: 'false' });
    api = env.api;
    guest = await registerUser(api);
    stranger = await registerUser(api);
    await subscribeToCoocook(api, guest, payCheckout, eventually);
    const chef = await registerChef(api);
    const booked = await api.post(
      '/api/coocook/bookings',
      { chef_id: chef.chef.id, booking_date: daysFromNow(7), duration_hours: 2 },
      as(guest),
    );
    expect(booked.status).toBe(201);
    bookingId = booked.body.id;
    const checkout = await api.post(`/api/coocook/bookings/${bookingId}/pay`, { amount: booked.body.total_price }, as(guest));
    await payCheckout(checkout.body.checkout_url);
    await eventually(async () => expect((await api.get(`/api/coocook/bookings/${bookingId}`, as(guest))).body.status).toBe('paid'), 15_000);
    // The guest's client is open when the chef confirms.
    guestSocket = openSocket(env.fleet.baseUrl, 'notifications', { token: guest.accessToken });
    await connected(guestSocket);
    const confirmed = await api.put(`/api/coocook/bookings/${bookingId}`, { status: 'confirmed' }, as(chef.user));
    expect(confirmed.status).toBe(200);
  }, 120_000);
  afterAll(async () => {
    guestSocket?.close();
    await env?.close();
  });

  it('gives the guest a notification and a push:received when the chef confirms the booking', async () => {
    const list = await eventually(async () => {
      const body = await listOf(guest);
      expect(body.notifications.some((n: any) => n.type === 'booking.confirmed')).toBe(true);
      return body;
    }, 15_000);
    const notice = list.notifications.find((n: any) => n.type === 'booking.confirmed');
    expect(notice).toMatchObject({ category: 'bookings', title: 'Booking confirmed', read: false, read_at: null });
    expect(notice.data).toMatchObject({ booking_id: bookingId });
    expect(list).toMatchObject({ page: 1, limit: 20 });
    expect(list.unread_count).toBeGreaterThanOrEqual(1);
    const pushed = await guestSocket.next('push:received', (d) => d.type === 'booking.confirmed');
    expect(pushed).toMatchObject({ id: notice.id, title: 'Booking confirmed', data: { booking_id: bookingId } });
    // Seed 002's fields: the notice's id, its text, and where the booking is served (which answers the guest).
    expect(pushed).toMatchObject({ notification_id: notice.id, body: notice.body, action_url: `/api/coocook/bookings/${bookingId}` });
    expect((await api.get(pushed.action_url, { token: guest.accessToken })).status).toBe(200);
  });

  it('never notifies twice for a redelivered event', async () => {
    // The confirmation as it sits in the stream, published again (a new message id, the same event id).
    const js = jetstream(env.fleet.nats);
    const consumer = await js.consumers.get(eventsStreamName({ subjectPrefix: env.fleet.env.NATS_SUBJECT_PREFIX }), {
      filter_subjects: env.fleet.subject('events.coocook.booking.confirmed'),
      deliver_policy: DeliverPolicy.All,
    });
    const message = await consumer.next({ expires: 5000 });
    expect(message).not.toBeNull();
    confirmedEvent = message!.json();
    await js.publish(env.fleet.subject('events.coocook.booking.confirmed'), JSON.stringify(confirmedEvent), { msgID: randomUUID() });
    // A fresh event behind it shows the consumer has read past the repeat.
    const fresh = { ...confirmedEvent, id: randomUUID(), data: { ...(confirmedEvent.data as object), booking_id: randomUUID() } };
    await js.publish(env.fleet.subject('events.coocook.booking.confirmed'), JSON.stringify(fresh), { msgID: randomUUID() });
    await eventually(async () => {
      const ids = (await listOf(guest)).notifications.map((n: any) => n.data.booking_id);
      expect(ids).toContain(fresh.data.booking_id);
    }, 15_000);
    const confirmations = (await listOf(guest)).notifications.filter(
      (n: any) => n.data.booking_id === bookingId && n.type === 'booking.confirmed',
    );
    expect(confirmations).toHaveLength(1);
  });

  it('reads, filters, counts and deletes notifications; another user sees none of them (404)', async () => {
    const before = await listOf(guest);
    const [first] = before.notifications;
    expect((await api.get(`/api/notifications/${first.id}`, as(guest))).body).toMatchObject({ id: first.id, read: false });
    expect((await api.get(`/api/notifications/${first.id}`, as(stranger))).status).toBe(404);
    expect((await api.put(`/api/notifications/${first.id}/read`, {}, as(stranger))).status).toBe(404);
    expect((await api.delete(`/api/notifications/${first.id}`, as(stranger))).status).toBe(404);
    expect((await listOf(stranger)).notifications).toEqual([]);

    const read = await api.put(`/api/notifications/${first.id}/read`, {}, as(guest));
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ id: first.id, read: true });
    expect(typeof read.body.read_at).toBe('string');
    const unread = await listOf(guest, { unread: 'true' });
    expect(unread.notifications.map((n: any) => n.id)).not.toContain(first.id);
    expect(unread.unread_count).toBe(before.unread_count - 1);

    const stats = await api.get('/api/notifications/stats', as(guest));
    expect(stats.body).toMatchObject({ total: before.total, unread: before.unread_count - 1 });

    const since = await listOf(guest, { since: new Date(Date.now() + 60_000).toISOString() });
    expect(since.notifications).toEqual([]);
    const all = await api.post('/api/notifications/read-all', {}, as(guest));
    expect(all.body).toMatchObject({ updated: before.unread_count - 1, unread_count: 0 });
    expect((await api.get('/api/notifications/stats', as(guest))).body.unread).toBe(0);

    expect((await api.delete(`/api/notifications/${first.id}`, as(guest))).status).toBe(204);
    expect((await api.get(`/api/notifications/${first.id}`, as(guest))).status).toBe(404);
  });

  it('answers bad input with 422 naming the field, and no credentials with 401', async () => {
    const badUnread = await api.get('/api/notifications', { ...as(guest), query: { unread: 'maybe' } });
    expect(badUnread.status).toBe(422);
    expect(badUnread.body.error.details).toHaveProperty('unread');
    const badSince = await api.get('/api/notifications', { ...as(guest), query: { since: 'yesterday' } });
    expect(badSince.status).toBe(422);
    expect(badSince.body.error.details).toHaveProperty('since');
    expect((await api.get('/api/notifications/not-a-uuid', as(guest))).status).toBe(404);
    expect((await api.get('/api/notifications')).status).toBe(401);
    const badPreference = await api.put('/api/settings/notifications', { categories: { bookings: { email: 'yes' } } }, as(guest));
    expect(badPreference.status).toBe(422);
    expect(JSON.stringify(badPreference.body.error.details)).toContain('email');
  });

  it('keeps preferences per category and channel; a category turned off in-app gives no notification', async () => {
    const defaults = await api.get('/api/settings/notifications', as(stranger));
    expect(defaults.status).toBe(200);
    expect(defaults.body.categories.bookings).toEqual({ in_app: true, email: true, push: true });
    const updated = await api.put('/api/settings/notifications', { categories: { bookings: { in_app: false } } }, as(guest));
    expect(updated.status).toBe(200);
    expect(updated.body.categories.bookings).toEqual({ in_app: false, email: true, push: true });
    expect(updated.body.categories.payments).toEqual({ in_app: true, email: true, push: true });
    expect((await api.get('/api/settings/notifications', as(guest))).body.categories.bookings.in_app).toBe(false);

    const muted = { ...confirmedEvent, id: randomUUID(), data: { ...(confirmedEvent.data as object), booking_id: randomUUID() } };
    const js = jetstream(env.fleet.nats);
    await js.publish(env.fleet.subject('events.coocook.booking.confirmed'), JSON.stringify(muted), { msgID: randomUUID() });
    await drained('notifications-bookings');
    await api.put('/api/settings/notifications', { categories: { bookings: { in_app: true } } }, as(guest));
    const after = { ...muted, id: randomUUID(), data: { ...muted.data, booking_id: randomUUID() } };
    await js.publish(env.fleet.subject('events.coocook.booking.confirmed'), JSON.stringify(after), { msgID: randomUUID() });
    const ids = await eventually(async () => {
      const found = (await listOf(guest)).notifications.map((n: any) => n.data.booking_id);
      expect(found).toContain(after.data.booking_id);
      return found;
    }, 15_000);
    expect(ids).not.toContain(muted.data.booking_id);
  });

  it("pushes status:updated to the booking's parties only as its state changes", async () => {
    const status = await guestSocket.next('status:updated', (d) => d.resource_id === bookingId && d.status === 'confirmed');
    expect(status).toMatchObject({ resource_type: 'coocook.booking', event: 'booking.confirmed', detail: { chef_id: expect.any(String) } });
    expect(Date.parse(status.at)).not.toBeNaN();
    // A stranger's socket hears nothing of it, while the guest's hears the next change (a cancellation).
    const strangers = openSocket(env.fleet.baseUrl, 'notifications', { token: stranger.accessToken });
    try {
      await connected(strangers);
      const cancelled = await api.put(`/api/coocook/bookings/${bookingId}`, { status: 'cancelled' }, as(guest));
      expect(cancelled.status).toBe(200);
      const ended = await guestSocket.next('status:updated', (d) => d.resource_id === bookingId && d.event === 'booking.cancelled');
      expect(ended.status).toBe(cancelled.body.status);
      expect(strangers.received.filter((r) => r.event === 'status:updated')).toEqual([]);
    } finally {
      strangers.close();
    }
  });
});
