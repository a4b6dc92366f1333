import { ApiClient, eventually, registerUser, RegisteredUser } from '@sf/testing';
import { daysFromNow, registerChef, subscribeToCoocook } from '../coocook/coocook-helpers';
import { adminService, authService, coocookService, paymentService } from '../fleet';
import { payCheckout, PaymentFleet, startPaymentFleet } from '../payment-fleet';
import { adminEmail, registerFirstAdmin } from './admin-helpers';

describe("moderation of a chef review: CooCook leaves it out of the chef's reviews and rating", () => {
  let env: PaymentFleet;
  let api: ApiClient;
  let root: RegisteredUser;
  const email = adminEmail();

  beforeAll(async () => {
    env = await startPaymentFleet([authService, paymentService, coocookService, adminService], { DEMO_MODE: 'false', ADMIN_EMAILS: email });
    api = env.api;
    root = await registerFirstAdmin(api, email);
  }, 90_000);
  afterAll(() => env?.close());

  it('removes a reported review of a completed booking', async () => {
    const guest = await registerUser(api);
    await subscribeToCoocook(api, guest, payCheckout, eventually);
    const { user: chefUser, chef } = await registerChef(api, { hourly_rate_krw: 40_000 });
    const booked = await api.post(
      '/api/coocook/bookings',
      { chef_id: chef.id, booking_date: daysFromNow(14), duration_hours: 2 },
      { token: guest.accessToken },
    );
    expect(booked.status).toBe(201);
    const checkout = await api.post(
      `/api/coocook/bookings/${booked.body.id}/pay`,
      { amount: booked.body.total_price },
      { token: guest.accessToken },
    );
    await payCheckout(checkout.body.checkout_url);
    await eventually(
      async () => expect((await api.get(`/api/coocook/bookings/${booked.body.id}`, { token: guest.accessToken })).body.status).toBe('paid'),
      15_000,
    );
    for (const status of ['confirmed', 'completed'])
      expect((await api.put(`/api/coocook/bookings/${booked.body.id}`, { status }, { token: chefUser.accessToken })).status).toBe(200);
    const review = await api.post(
      `/api/coocook/bookings/${booked.body.id}/review`,
      { rating: 1, comment: 'Slurs here' },
      { token: guest.accessToken },
    );
    expect(review.status).toBe(201);
    expect((await api.get(`/api/coocook/chefs/${chef.id}`)).body).toMatchObject({ rating_count: 1, rating_avg: 1 });

    const report = await api.post(
      '/api/reports',
      { content_type: 'chef_review', content_id: review.body.id, reason: 'Abusive' },
      { token: chefUser.accessToken },
    );
    expect(report.status).toBe(201);
    expect((await api.post(`/api/admin/flagged-content/${report.body.id}/remove`, {}, { token: root.accessToken })).status).toBe(200);
    await eventually(async () => {
      const reviews = await api.get(`/api/coocook/chefs/${chef.id}/reviews`);
      expect(reviews.body).toMatchObject({ total: 0, reviews: [] });
    }, 15_000);
    const detail = await api.get(`/api/coocook/chefs/${chef.id}`);
    expect(detail.body).toMatchObject({ rating_count: 0, rating_avg: 0, recent_reviews: [] });
    expect(detail.body.rating_summary.distribution['1']).toBe(0);
  });
});
