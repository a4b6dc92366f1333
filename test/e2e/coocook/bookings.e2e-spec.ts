import { DeliverPolicy, jetstream } from '@nats-io/jetstream';
import { eventsStreamName } from '@sf/events';
import { ApiClient, eventually, registerUser, RegisteredUser } from '@sf/testing';
import { authService, coocookService, paymentService } from '../fleet';
import { PaymentFleet, payCheckout, startPaymentFleet } from '../payment-fleet';
import { daysFromNow, hoursFromNow, registerChef, subscribeToCoocook } from './coocook-helpers';

type Party = 'guest' | 'chef';
type Booking = { id: string; status: string; total_price: number };

/** What the contract allows: the party that owns each move and the statuses it starts from. */
const MOVES: Record<string, { party: Party | null; from: string[] }> = {
  'PUT confirmed': { party: 'chef', from: ['paid'] },
  'PUT completed': { party: 'chef', from: ['confirmed'] },
  'PUT declined': { party: 'chef', from: ['pending', 'paid', 'confirmed'] },
  'PUT cancelled': { party: 'guest', from: ['pending', 'paid', 'confirmed'] },
  'PUT paid': { party: 'guest', from: [] },
  'PUT refunded': { party: 'guest', from: [] },
  'PUT pending': { party: null, from: [] },
  'POST cancel': { party: 'guest', from: ['pending', 'paid', 'confirmed'] },
  'POST pay': { party: 'guest', from: ['pending'] },
  'POST review': { party: 'guest', from: ['completed'] },
};

describe('CooCook bookings through the gateway, paid through the payment service', () => {
  let env: PaymentFleet;
  let api: ApiClient;
  let guest: RegisteredUser;
  let otherGuest: RegisteredUser;

  beforeAll(async () => {
    env = await startPaymentFleet([authService, paymentService, coocookService], { DEMO_MODE: 'false' });
    api = env.api;
    [guest, otherGuest] = [await registerUser(api), await registerUser(api)];
    // Before subscribing, booking is refused with the contract's code and message.
    const chef = await registerChef(api);
    const refused = await api.post(
      '/api/coocook/bookings',
      { chef_id: chef.chef.id, booking_date: daysFromNow(5), duration_hours: 2 },
      { token: guest.accessToken },
    );
    expect(refused.status).toBe(403);
    expect(refused.body.error).toMatchObject({ code: 'SUBSCRIPTION_REQUIRED', message: 'Subscription to CooCook required' });
    await subscribeToCoocook(api, guest, payCheckout, eventually);
    await subscribeToCoocook(api, otherGuest, payCheckout, eventually);
  }, 90_000);
  afterAll(() => env?.close());

  const as = (user: RegisteredUser) => ({ token: user.accessToken });

  async function book(chefId: string, bookingDate: string, hours = 3, user = guest): Promise<Booking> {
    const response = await api.post(
      '/api/coocook/bookings',
      { chef_id: chefId, booking_date: bookingDate, duration_hours: hours },
      as(user),
    );
    if (response.status !== 201) throw new Error(`booking failed: ${response.status} ${response.text}`);
    return response.body;
  }

  async function pay(booking: Booking, user = guest): Promise<void> {
    const checkout = await api.post(`/api/coocook/bookings/${booking.id}/pay`, { amount: booking.total_price }, as(user));
    expect(checkout.status).toBe(200);
    await payCheckout(checkout.body.checkout_url);
    await eventually(async () => expect((await api.get(`/api/coocook/bookings/${booking.id}`, as(user))).body.status).toBe('paid'), 15_000);
  }

  const setStatus = (id: string, status: string, user: RegisteredUser) => api.put(`/api/coocook/bookings/${id}`, { status }, as(user));

  function refundsOf(bookingId: string) {
    return env.stripe.events('refund.created').filter((e: any) => e.data.object.metadata?.reference === `coocook.booking:${bookingId}`);
  }

  it('books a chef: 201 pending, the price from the hourly rate, on both paths; bad input is 422 or 404', async () => {
    const { chef } = await registerChef(api, { hourly_rate_krw: 55_000 });
    const created = await api.post(
      '/api/coocook/booking',
      { chef_id: chef.id, booking_date: '2031-03-15T19:00:00', duration_hours: 3, special_requests: 'Vegetarian options' },
      as(guest),
    );
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      chef_id: chef.id,
      chef: { id: chef.id, name: chef.name },
      guest_id: guest.id,
      booking_date: '2031-03-15T19:00:00.000Z',
      ends_at: '2031-03-15T22:00:00.000Z',
      duration_hours: 3,
      special_requests: 'Vegetarian options',
      status: 'pending',
      hourly_rate_krw: 55_000,
      total_price: 165_000,
      currency: 'KRW',
      review: null,
    });
    const cases: [Record<string, unknown>, number][] = [
      [{ chef_id: chef.id, booking_date: '2020-01-01T10:00:00', duration_hours: 2 }, 422],
      [{ chef_id: chef.id, booking_date: '2031-02-30T10:00:00', duration_hours: 2 }, 422],
      [{ chef_id: chef.id, booking_date: 'tomorrow', duration_hours: 2 }, 422],
      [{ chef_id: chef.id, booking_date: daysFromNow(9), duration_hours: 0 }, 422],
      [{ chef_id: chef.id, booking_date: daysFromNow(9), duration_hours: 2.5 }, 422],
      [{ chef_id: 'nope', booking_date: daysFromNow(9), duration_hours: 2 }, 422],
      [{ chef_id: '00000000-0000-4000-8000-000000000000', booking_date: daysFromNow(9), duration_hours: 2 }, 404],
    ];
    for (const [body, status] of cases) {
      const response = await api.post('/api/coocook/bookings', body, as(guest));
      expect({ body, status: response.status }).toEqual({ body, status });
    }
  });

  it('refuses a chef booking their own profile (422)', async () => {
    const self = await registerUser(api);
    await subscribeToCoocook(api, self, payCheckout, eventually);
    const { chef } = await (async () => {
      const response = await api.post(
        '/api/coocook/chef/register',
        { name: 'Self', cuisine: 'Italian', location: 'Seoul', hourly_rate_krw: 50_000 },
        as(self),
      );
      return { chef: response.body };
    })();
    const response = await api.post(
      '/api/coocook/bookings',
      { chef_id: chef.id, booking_date: daysFromNow(9), duration_hours: 2 },
      as(self),
    );
    expect(response.status).toBe(422);
    expect(response.body.error.details).toHaveProperty('chef_id');
  });

  it('answers a repeated Idempotency-Key with the first booking', async () => {
    const { chef } = await registerChef(api);
    const body = { chef_id: chef.id, booking_date: daysFromNow(12), duration_hours: 2 };
    const headers = { 'Idempotency-Key': `booking-${chef.id}` };
    const first = await api.post('/api/coocook/bookings', body, { ...as(guest), headers });
    const second = await api.post('/api/coocook/bookings', body, { ...as(guest), headers });
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(second.body.id).toBe(first.body.id);
  });

  it('answers every one of eight concurrent repeats with the one booking, and a key reused for another booking is a 422', async () => {
    const { chef } = await registerChef(api);
    const body = { chef_id: chef.id, booking_date: daysFromNow(13), duration_hours: 2 };
    const headers = { 'Idempotency-Key': `booking-race-${chef.id}` };
    const attempts = await Promise.all(Array.from({ length: 8 }, () => api.post('/api/coocook/bookings', body, { ...as(guest), headers })));
    expect(attempts.map((a) => a.status)).toEqual(Array(8).fill(201));
    expect(new Set(attempts.map((a) => a.body.id)).size).toBe(1);

    const other = await api.post('/api/coocook/bookings', { ...body, duration_hours: 3 }, { ...as(guest), headers });
    expect(other.status).toBe(422);
    expect(other.body.error.details).toHaveProperty('Idempotency-Key');
  });

  it('lets exactly one of concurrent bookings of the same slot through; the others are 409', async () => {
    const { chef } = await registerChef(api);
    const slot = daysFromNow(14);
    const attempts = await Promise.all(
      [guest, otherGuest, guest, otherGuest, guest, otherGuest].map((user, i) =>
        api.post('/api/coocook/bookings', { chef_id: chef.id, booking_date: slot, duration_hours: 2 + (i % 2) }, as(user)),
      ),
    );
    const statuses = attempts.map((a) => a.status).sort();
    expect(statuses).toEqual([201, 409, 409, 409, 409, 409]);
    expect(attempts.find((a) => a.status === 409)?.body.error.code).toBe('CONFLICT');
    // An overlapping slot is taken too; the next free one is not.
    const overlapping = await api.post(
      '/api/coocook/bookings',
      { chef_id: chef.id, booking_date: new Date(Date.parse(slot) + 3_600_000).toISOString(), duration_hours: 2 },
      as(otherGuest),
    );
    expect(overlapping.status).toBe(409);
    await book(chef.id, new Date(Date.parse(slot) + 4 * 3_600_000).toISOString(), 2, otherGuest);
  });

  it('holds bookings to the chef’s availability once it is set', async () => {
    const { user, chef } = await registerChef(api);
    const saturday = new Date(Date.parse(daysFromNow(20, 0)));
    saturday.setUTCDate(saturday.getUTCDate() + ((6 - saturday.getUTCDay() + 7) % 7));
    const at = (hour: number) => new Date(saturday.getTime() + hour * 3_600_000).toISOString();
    await api.put(
      `/api/coocook/chefs/${chef.id}/availability`,
      { time_zone: 'UTC', weekly: [{ day_of_week: 6, start_time: '17:00', end_time: '22:00' }] },
      as(user),
    );
    const outside = await api.post('/api/coocook/bookings', { chef_id: chef.id, booking_date: at(20), duration_hours: 3 }, as(guest));
    expect(outside.status).toBe(409);
    const otherDay = await api.post('/api/coocook/bookings', { chef_id: chef.id, booking_date: at(24 + 18), duration_hours: 2 }, as(guest));
    expect(otherDay.status).toBe(409);
    await book(chef.id, at(18), 3);
  });

  it('runs the whole life of a booking: pay, confirm, complete, review once; the chef’s rating follows', async () => {
    const { user: chefUser, chef } = await registerChef(api, { hourly_rate_krw: 60_000 });
    const booking = await book(chef.id, daysFromNow(21), 2);
    expect((await api.post(`/api/coocook/bookings/${booking.id}/pay`, { amount: 1 }, as(guest))).status).toBe(422);
    await pay(booking);
    const seenByChef = await api.get(`/api/coocook/bookings/${booking.id}`, as(chefUser));
    expect(seenByChef.body).toMatchObject({ status: 'paid', total_price: 120_000 });
    expect(typeof seenByChef.body.payment_id).toBe('string');

    expect((await setStatus(booking.id, 'confirmed', chefUser)).body.status).toBe('confirmed');
    expect((await setStatus(booking.id, 'completed', chefUser)).body.status).toBe('completed');
    const review = await api.post(`/api/coocook/bookings/${booking.id}/review`, { rating: 4, comment: 'Lovely' }, as(guest));
    expect(review.status).toBe(201);
    expect(review.body).toMatchObject({ booking_id: booking.id, chef_id: chef.id, guest_id: guest.id, rating: 4, comment: 'Lovely' });
    const again = await api.post(`/api/coocook/bookings/${booking.id}/review`, { rating: 5 }, as(guest));
    expect(again.status).toBe(409);
    for (const rating of [0, 6, 3.5]) {
      expect((await api.post(`/api/coocook/bookings/${booking.id}/review`, { rating }, as(guest))).status).toBe(422);
    }
    const detail = await api.get(`/api/coocook/chefs/${chef.id}`);
    expect(detail.body).toMatchObject({
      rating_avg: 4,
      rating_count: 1,
      rating_summary: { average: 4, count: 1, distribution: { '4': 1 } },
      recent_reviews: [{ id: review.body.id, rating: 4 }],
    });
    const lists = await api.get('/api/coocook/bookings', { ...as(chefUser), query: { role: 'chef', status: 'completed' } });
    expect(lists.body).toMatchObject({ total: 1, bookings: [{ id: booking.id, review: { rating: 4 } }] });
  });

  it('refunds a paid booking the guest cancels, once, by the policy: all 48 h ahead, half 24 h ahead, nothing later', async () => {
    const { chef } = await registerChef(api, { hourly_rate_krw: 50_000 });
    const early = await book(chef.id, daysFromNow(10), 2);
    const dayAhead = await book(chef.id, hoursFromNow(30), 2);
    const late = await book(chef.id, hoursFromNow(10), 2);
    for (const b of [early, dayAhead, late]) await pay(b);

    const cancelled = await api.post(`/api/coocook/bookings/${early.id}/cancel`, { reason: 'Plans changed' }, as(guest));
    expect(cancelled.status).toBe(200);
    expect(cancelled.body).toMatchObject({
      status: 'refunded',
      refund_amount_krw: 100_000,
      cancelled_by: 'guest',
      cancellation_reason: 'Plans changed',
    });
    expect(typeof cancelled.body.refund_id).toBe('string');
    const twice = await api.post(`/api/coocook/bookings/${early.id}/cancel`, {}, as(guest));
    expect(twice.status).toBe(409);
    expect((await setStatus(early.id, 'cancelled', guest)).status).toBe(409);
    expect(refundsOf(early.id)).toHaveLength(1);
    expect(refundsOf(early.id)[0].data.object.amount).toBe(100_000);

    const half = await setStatus(dayAhead.id, 'cancelled', guest);
    expect(half.body).toMatchObject({ status: 'refunded', refund_amount_krw: 50_000 });
    expect(refundsOf(dayAhead.id).map((e: any) => e.data.object.amount)).toEqual([50_000]);

    const none = await api.post(`/api/coocook/bookings/${late.id}/cancel`, {}, as(guest));
    expect(none.body).toMatchObject({ status: 'cancelled', refund_amount_krw: 0, refund_id: null });
    expect(refundsOf(late.id)).toHaveLength(0);
  });

  it('refunds in full when the chef declines a paid booking; an unpaid booking is simply declined or cancelled', async () => {
    const { user: chefUser, chef } = await registerChef(api, { hourly_rate_krw: 40_000 });
    const paid = await book(chef.id, hoursFromNow(12), 3);
    await pay(paid);
    const declined = await setStatus(paid.id, 'declined', chefUser);
    expect(declined.body).toMatchObject({ status: 'declined', cancelled_by: 'chef', refund_amount_krw: 120_000 });
    expect(refundsOf(paid.id)).toHaveLength(1);
    const unpaid = await book(chef.id, daysFromNow(15), 1);
    expect((await setStatus(unpaid.id, 'declined', chefUser)).body).toMatchObject({ status: 'declined', refund_amount_krw: null });
    const mine = await book(chef.id, daysFromNow(16), 1);
    expect((await api.post(`/api/coocook/bookings/${mine.id}/cancel`, {}, as(guest))).body).toMatchObject({
      status: 'cancelled',
      refund_amount_krw: null,
    });
    // A cancelled booking frees its slot.
    await book(chef.id, daysFromNow(16), 1, otherGuest);
  });

  it('answers every wrong-party move with 403 and every impossible one with 409, in every status', async () => {
    const { user: chefUser, chef } = await registerChef(api, { hourly_rate_krw: 30_000 });
    const users: Record<Party, RegisteredUser> = { guest, chef: chefUser };
    let day = 30;
    const fresh = () => book(chef.id, daysFromNow(day++), 1);
    const bookings: Record<string, Booking> = {};
    bookings.pending = await fresh();
    bookings.paid = await fresh();
    await pay(bookings.paid);
    bookings.confirmed = await fresh();
    await pay(bookings.confirmed);
    await setStatus(bookings.confirmed.id, 'confirmed', chefUser);
    bookings.completed = await fresh();
    await pay(bookings.completed);
    await setStatus(bookings.completed.id, 'confirmed', chefUser);
    await setStatus(bookings.completed.id, 'completed', chefUser);
    bookings.cancelled = await fresh();
    await api.post(`/api/coocook/bookings/${bookings.cancelled.id}/cancel`, {}, as(guest));
    bookings.declined = await fresh();
    await setStatus(bookings.declined.id, 'declined', chefUser);
    bookings.refunded = await fresh();
    await pay(bookings.refunded);
    await api.post(`/api/coocook/bookings/${bookings.refunded.id}/cancel`, {}, as(guest));

    const seen: string[] = [];
    for (const [status, booking] of Object.entries(bookings)) {
      expect((await api.get(`/api/coocook/bookings/${booking.id}`, as(guest))).body.status).toBe(status);
      for (const [move, rule] of Object.entries(MOVES)) {
        for (const party of ['guest', 'chef'] as Party[]) {
          const allowed = rule.party === party && rule.from.includes(status);
          if (allowed) continue; // the successful moves are the other tests' business
          const expected = rule.party !== null && rule.party !== party ? 403 : 409;
          const [verb, what] = move.split(' ');
          const response =
            verb === 'PUT'
              ? await setStatus(booking.id, what, users[party])
              : await api.post(`/api/coocook/bookings/${booking.id}/${what}`, what === 'review' ? { rating: 5 } : {}, as(users[party]));
          expect({ status, move, party, answer: response.status }).toEqual({ status, move, party, answer: expected });
          seen.push(`${expected}`);
        }
      }
      // Nothing above changed the booking.
      expect((await api.get(`/api/coocook/bookings/${booking.id}`, as(chefUser))).body.status).toBe(status);
    }
    expect(seen.filter((s) => s === '403').length).toBeGreaterThan(30);
    expect(seen.filter((s) => s === '409').length).toBeGreaterThan(30);
  });

  it('keeps a booking private: another user cannot read, change, pay, cancel or review it (404)', async () => {
    const { chef } = await registerChef(api);
    const booking = await book(chef.id, daysFromNow(40), 2);
    const stranger = otherGuest;
    expect((await api.get(`/api/coocook/bookings/${booking.id}`, as(stranger))).status).toBe(404);
    expect((await api.get(`/api/coocook/booking/${booking.id}`, as(stranger))).status).toBe(404);
    for (const status of ['cancelled', 'confirmed', 'declined']) expect((await setStatus(booking.id, status, stranger)).status).toBe(404);
    for (const action of ['cancel', 'pay', 'review']) {
      expect((await api.post(`/api/coocook/bookings/${booking.id}/${action}`, { rating: 5 }, as(stranger))).status).toBe(404);
    }
    const theirs = await api.get('/api/coocook/bookings', { ...as(stranger), query: { chef_id: chef.id } });
    expect(theirs.body).toMatchObject({ bookings: [], total: 0 });
    expect((await api.get(`/api/coocook/bookings/${booking.id}`, as(guest))).body.status).toBe('pending');
  });

  it('publishes booking.created, booking.paid, booking.confirmed, booking.completed, booking.cancelled and chef.reviewed', async () => {
    const { user: chefUser, chef } = await registerChef(api);
    const kept = await book(chef.id, daysFromNow(50), 1);
    await pay(kept);
    await setStatus(kept.id, 'confirmed', chefUser);
    await setStatus(kept.id, 'completed', chefUser);
    await api.post(`/api/coocook/bookings/${kept.id}/review`, { rating: 5 }, as(guest));
    const dropped = await book(chef.id, daysFromNow(51), 1);
    await api.post(`/api/coocook/bookings/${dropped.id}/cancel`, {}, as(guest));

    const expected = [
      ['booking.created', kept.id],
      ['booking.paid', kept.id],
      ['booking.confirmed', kept.id],
      ['booking.completed', kept.id],
      ['chef.reviewed', chef.id],
      ['booking.cancelled', dropped.id],
    ];
    await eventually(async () => {
      const consumer = await jetstream(env.fleet.nats).consumers.get(
        eventsStreamName({ subjectPrefix: env.fleet.env.NATS_SUBJECT_PREFIX }),
        {
          filter_subjects: env.fleet.subject('events.coocook.>'),
          deliver_policy: DeliverPolicy.All,
        },
      );
      const pending = (await consumer.info()).num_pending;
      const found: string[] = [];
      for await (const msg of await consumer.fetch({ max_messages: pending, expires: 2000 })) {
        const event = msg.json<{ type: string; subject: string; source: string }>();
        found.push(`${event.type} ${event.subject}`);
        if (msg.info.pending === 0) break;
      }
      for (const [type, subject] of expected) expect(found).toContain(`${type} ${subject}`);
    }, 10_000);
  });
});
