import { ApiClient, registerUser, TestFleet } from '@sf/testing';
import { authService, coocookService, startFleet } from '../fleet';
import { recipeBody, registerChef } from './coocook-helpers';

describe('CooCook chefs: registration, browsing, availability, following and the feed', () => {
  let fleet: TestFleet;
  let api: ApiClient;

  beforeAll(async () => {
    // Demo mode off: the lists hold only what these tests create.
    ({ fleet, api } = await startFleet([authService, coocookService], { DEMO_MODE: 'false' }));
  });
  afterAll(() => fleet?.close());

  it('registers a chef: 201 with the profile, the chef role in the next token, a second registration 409', async () => {
    const { user, chef } = await registerChef(api, { name: 'Chef Kim', cuisine: 'Korean', location: 'Busan', hourly_rate_krw: 70_000 });
    expect(chef).toMatchObject({
      user_id: user.id,
      name: 'Chef Kim',
      cuisine: 'Korean',
      location: 'Busan',
      hourly_rate_krw: 70_000,
      rating_avg: 0,
      rating_count: 0,
      time_zone: 'Asia/Seoul',
    });
    const refreshed = await api.post('/api/auth/refresh', { refresh_token: user.refreshToken });
    const me = await api.get('/api/auth/me', { token: refreshed.body.access_token });
    expect(me.body.roles.sort()).toEqual(['chef', 'user']);
    const again = await api.post(
      '/api/coocook/chefs/register',
      { name: 'Again', cuisine: 'Korean', location: 'Busan', hourly_rate_krw: 70_000 },
      { token: refreshed.body.access_token },
    );
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('CONFLICT');
  });

  it('refuses bad registrations with 422 naming each field, and anonymous callers with 401', async () => {
    const user = await registerUser(api);
    const bad = await api.post(
      '/api/coocook/chef/register',
      { name: '', cuisine: 'Italian', location: 'Seoul', hourly_rate_krw: 12.5, image_url: 'not a url' },
      { token: user.accessToken },
    );
    expect(bad.status).toBe(422);
    expect(Object.keys(bad.body.error.details).sort()).toEqual(['hourly_rate_krw', 'image_url', 'name']);
    const zone = await api.post(
      '/api/coocook/chef/register',
      { name: 'Zone', cuisine: 'Italian', location: 'Seoul', hourly_rate_krw: 50_000, time_zone: 'Mars/Olympus' },
      { token: user.accessToken },
    );
    expect(zone.status).toBe(422);
    expect(zone.body.error.details).toHaveProperty('time_zone');
    const anonymous = await api.post('/api/coocook/chef/register', {
      name: 'X',
      cuisine: 'Italian',
      location: 'Seoul',
      hourly_rate_krw: 50_000,
    });
    expect(anonymous.status).toBe(401);
  });

  describe('the public chef list', () => {
    let cheap: any;
    let pricey: any;
    let other: any;

    beforeAll(async () => {
      cheap = (await registerChef(api, { name: 'Luigi Budget', cuisine: 'Neapolitan', location: 'Daejeon', hourly_rate_krw: 30_000 })).chef;
      pricey = (
        await registerChef(api, {
          name: 'Sofia Lux',
          cuisine: 'Neapolitan',
          location: 'Daejeon',
          hourly_rate_krw: 150_000,
          bio: 'Wood-fired pizza and handmade mozzarella',
        })
      ).chef;
      other = (await registerChef(api, { name: 'Other Cuisine', cuisine: 'Thai', location: 'Daejeon', hourly_rate_krw: 40_000 })).chef;
    });

    it('filters by cuisine and location (any case) without credentials, in the contract list shape', async () => {
      const response = await api.get('/api/coocook/chefs', { query: { cuisine: 'neapolitan', location: 'DAEJEON' } });
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({ total: 2, page: 1, limit: 20, pages: 1 });
      expect(response.body.chefs.map((c: any) => c.id).sort()).toEqual([cheap.id, pricey.id].sort());
      // Each entry is the chef's view, field for field as the detail shows it.
      for (const chef of response.body.chefs) {
        const { rating_summary: _summary, recent_reviews: _recent, ...detail } = (await api.get(`/api/coocook/chefs/${chef.id}`)).body;
        expect(chef).toEqual(detail);
      }
      const beyond = await api.get('/api/coocook/chefs', { query: { cuisine: 'neapolitan', location: 'DAEJEON', page: 5 } });
      expect(beyond.body).toMatchObject({ chefs: [], total: 2, page: 5 });
    });

    it('filters by price range and free text, sorts both ways and pages', async () => {
      const inRange = await api.get('/api/coocook/chefs', { query: { location: 'Daejeon', min_price: 35_000, max_price: 100_000 } });
      expect(inRange.body.chefs.map((c: any) => c.id)).toEqual([other.id]);
      const text = await api.get('/api/coocook/chefs', { query: { search: 'pizza mozzarella' } });
      expect(text.body.chefs.map((c: any) => c.id)).toEqual([pricey.id]);
      const ascending = await api.get('/api/coocook/chefs', { query: { location: 'Daejeon', sort: 'hourly_rate_krw' } });
      expect(ascending.body.chefs.map((c: any) => c.hourly_rate_krw)).toEqual([30_000, 40_000, 150_000]);
      const descending = await api.get('/api/coocook/chefs', { query: { location: 'Daejeon', sort_by: 'hourly_rate_krw', order: 'desc' } });
      expect(descending.body.chefs.map((c: any) => c.hourly_rate_krw)).toEqual([150_000, 40_000, 30_000]);
      const paged = await api.get('/api/coocook/chefs', { query: { location: 'Daejeon', sort: 'hourly_rate_krw', per_page: 2, page: 2 } });
      expect(paged.body).toMatchObject({ total: 3, page: 2, limit: 2, pages: 2 });
      expect(paged.body.chefs.map((c: any) => c.id)).toEqual([pricey.id]);
    });

    it('answers 422 to an unknown sort field or a malformed filter', async () => {
      const queries: Record<string, string>[] = [{ sort: 'password' }, { min_price: 'cheap' }, { min_rating: '7' }, { limit: '1000' }];
      for (const query of queries) {
        const response = await api.get('/api/coocook/chefs', { query });
        expect({ query, status: response.status }).toEqual({ query, status: 422 });
      }
    });

    it('shows a chef in detail on both paths, with a rating summary; an unknown id is 404', async () => {
      for (const path of [`/api/coocook/chefs/${cheap.id}`, `/api/coocook/chef/${cheap.id}`]) {
        const response = await api.get(path);
        expect(response.status).toBe(200);
        expect(response.body).toMatchObject({
          id: cheap.id,
          name: 'Luigi Budget',
          rating_avg: 0,
          rating_count: 0,
          rating_summary: { average: 0, count: 0, distribution: { '1': 0, '2': 0, '3': 0, '4': 0, '5': 0 } },
          recent_reviews: [],
        });
      }
      expect((await api.get('/api/coocook/chefs/00000000-0000-4000-8000-000000000000')).status).toBe(404);
      expect((await api.get('/api/coocook/chefs/not-a-uuid')).status).toBe(404);
    });
  });

  it('lets only the chef update the profile; others get 403', async () => {
    const { user, chef } = await registerChef(api);
    const stranger = await registerUser(api);
    const denied = await api.put(`/api/coocook/chefs/${chef.id}`, { hourly_rate_krw: 1_000_000 }, { token: stranger.accessToken });
    expect(denied.status).toBe(403);
    const updated = await api.put(
      `/api/coocook/chef/${chef.id}`,
      { hourly_rate_krw: 90_000, bio: 'Now with desserts', image_url: 'https://img.example/chef.png' },
      { token: user.accessToken },
    );
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({
      hourly_rate_krw: 90_000,
      bio: 'Now with desserts',
      image_url: 'https://img.example/chef.png',
      name: chef.name,
    });
    expect((await api.get(`/api/coocook/chefs/${chef.id}`)).body.hourly_rate_krw).toBe(90_000);
  });

  it('keeps availability: open until set, then the weekly windows and exceptions; only the chef sets it', async () => {
    const { user, chef } = await registerChef(api);
    const reader = await registerUser(api);
    const initial = await api.get(`/api/coocook/chefs/${chef.id}/availability`, { token: reader.accessToken });
    expect(initial.status).toBe(200);
    expect(initial.body).toMatchObject({ chef_id: chef.id, restricted: false, weekly: [], exceptions: [], time_zone: 'Asia/Seoul' });
    const body = {
      time_zone: 'UTC',
      weekly: [
        { day_of_week: 6, start_time: '17:00', end_time: '23:00' },
        { day_of_week: 5, start_time: '18:00', end_time: '22:00' },
      ],
      exceptions: [{ date: '2031-12-24', available: false }],
    };
    expect((await api.put(`/api/coocook/chefs/${chef.id}/availability`, body, { token: reader.accessToken })).status).toBe(403);
    const saved = await api.put(`/api/coocook/chef/${chef.id}/availability`, body, { token: user.accessToken });
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({
      restricted: true,
      time_zone: 'UTC',
      weekly: [
        { day_of_week: 5, start_time: '18:00', end_time: '22:00' },
        { day_of_week: 6, start_time: '17:00', end_time: '23:00' },
      ],
      exceptions: [{ date: '2031-12-24', available: false, start_time: null, end_time: null }],
    });
    const bad = await api.put(
      `/api/coocook/chefs/${chef.id}/availability`,
      { weekly: [{ day_of_week: 7, start_time: '25:00', end_time: '09:00' }] },
      { token: user.accessToken },
    );
    expect(bad.status).toBe(422);
    expect(Object.keys(bad.body.error.details).sort()).toEqual(['weekly.0.day_of_week', 'weekly.0.start_time']);
    const backwards = await api.put(
      `/api/coocook/chefs/${chef.id}/availability`,
      { weekly: [{ day_of_week: 1, start_time: '18:00', end_time: '09:00' }] },
      { token: user.accessToken },
    );
    expect(backwards.status).toBe(422);
    expect(backwards.body.error.details).toEqual({ 'weekly.0.end_time': ['must be after start_time'] });
  });

  it('follows and unfollows idempotently and shows followed chefs’ new recipes and nothing else in the feed', async () => {
    const followed = await registerChef(api, { name: 'Followed Chef' });
    const notFollowed = await registerChef(api, { name: 'Unfollowed Chef' });
    const fan = await registerUser(api);
    for (let i = 0; i < 2; i++) {
      const follow = await api.post(`/api/coocook/chefs/${followed.chef.id}/follow`, undefined, { token: fan.accessToken });
      expect(follow.status).toBe(200);
      expect(follow.body).toEqual({ chef_id: followed.chef.id, following: true, followers_count: 1 });
    }
    expect((await api.post(`/api/coocook/chefs/${followed.chef.id}/follow`, undefined, { token: followed.user.accessToken })).status).toBe(
      422,
    );
    const recipe = await api.post('/api/recipes', recipeBody({ title: 'Followed Chef Lasagne' }), { token: followed.user.accessToken });
    expect(recipe.status).toBe(201);
    await api.post('/api/recipes', recipeBody({ title: 'Unfollowed Chef Soup' }), { token: notFollowed.user.accessToken });
    await api.post('/api/recipes', recipeBody({ title: 'Draft Only', status: 'draft' }), { token: followed.user.accessToken });

    const feed = await api.get('/api/coocook/feed', { token: fan.accessToken });
    expect(feed.status).toBe(200);
    expect(feed.body).toMatchObject({ total: 1, page: 1, pages: 1 });
    expect(feed.body.activities[0]).toMatchObject({
      kind: 'recipe.published',
      chef_id: followed.chef.id,
      chef_name: 'Followed Chef',
      subject_id: recipe.body.id,
      data: { title: 'Followed Chef Lasagne' },
    });

    expect((await api.delete(`/api/coocook/chefs/${followed.chef.id}/follow`, { token: fan.accessToken })).status).toBe(204);
    expect((await api.delete(`/api/coocook/chefs/${followed.chef.id}/follow`, { token: fan.accessToken })).status).toBe(204);
    expect((await api.get(`/api/coocook/chefs/${followed.chef.id}`)).body.followers_count).toBe(0);
    expect((await api.get('/api/coocook/feed', { token: fan.accessToken })).body).toMatchObject({ activities: [], total: 0 });
    expect((await api.get('/api/coocook/feed')).status).toBe(401);
  });
});
