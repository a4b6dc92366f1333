import { Client } from 'pg';
import { ApiClient, registerUser, RegisteredUser, TestFleet } from '@sf/testing';
import { authService, coocookService, startFleet } from '../fleet';
import { recipeBody, registerChef } from './coocook-helpers';

describe('CooCook recipes: search, detail, creator-only edits, nutrition, reviews, discovery', () => {
  let fleet: TestFleet;
  let api: ApiClient;
  let author: RegisteredUser;
  let carbonara: any;
  let kimchiRice: any;
  let soup: any;

  beforeAll(async () => {
    ({ fleet, api } = await startFleet([authService, coocookService], { DEMO_MODE: 'false' }));
    author = await registerUser(api);
    const create = async (body: Record<string, unknown>) => {
      const response = await api.post('/api/recipes', recipeBody(body), { token: author.accessToken });
      expect(response.status).toBe(201);
      return response.body;
    };
    carbonara = await create({
      title: 'Spaghetti Carbonara',
      description: 'Silky eggs, parmesan and crisp pork belly.',
      ingredients: [
        { name: 'spaghetti', quantity: 200, unit: 'g' },
        { name: 'eggs', quantity: 2, unit: null },
        { name: 'parmesan', quantity: 40, unit: 'g' },
        { name: 'pork belly', quantity: 80, unit: 'g' },
      ],
      category: 'Main',
      cuisine: 'Italian',
      difficulty: 'medium',
      prep_time_mins: 10,
    });
    kimchiRice = await create({
      title: 'Kimchi Fried Rice',
      description: 'Fried rice with aged kimchi and a fried egg.',
      ingredients: [
        { name: 'rice', quantity: 200, unit: 'g' },
        { name: 'kimchi', quantity: 150, unit: 'g' },
        { name: 'eggs', quantity: 2, unit: null },
        { name: 'gochujang', quantity: 1, unit: 'tbsp' },
        { name: 'salt', quantity: null, unit: null },
      ],
      category: 'Main',
      cuisine: 'Korean',
      difficulty: 'easy',
      prep_time_mins: 5,
      servings: 2,
    });
    soup = await create({
      title: 'Tomato Soup',
      description: 'Roasted tomatoes blended with onions.',
      ingredients: [
        { name: 'tomatoes', quantity: 6, unit: null },
        { name: 'onion', quantity: 1, unit: null },
      ],
      category: 'Soup',
      cuisine: 'Italian',
      difficulty: 'easy',
      prep_time_mins: 45,
    });
  });
  afterAll(() => fleet?.close());

  it('creates a recipe: 201 with id and recipe_id, slug, status, computed nutrition', () => {
    expect(carbonara).toMatchObject({
      recipe_id: carbonara.id,
      title: 'Spaghetti Carbonara',
      status: 'published',
      author_id: author.id,
      rating_avg: 0,
      rating_count: 0,
      nutrition: { recipe_id: carbonara.id, complete: true, allergens: ['egg', 'milk', 'wheat'] },
    });
    expect(carbonara.slug).toMatch(/^spaghetti-carbonara-[0-9a-f]{6}$/);
  });

  it('searches the full text (stemmed: "eggs" finds "egg"), ranked, on every path, without credentials', async () => {
    for (const path of ['/api/recipes', '/api/coocook/recipe', '/api/coocook/recipes']) {
      const response = await api.get(path, { query: { q: 'kimchi' } });
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({ total: 1, page: 1, pages: 1 });
      expect(response.body.recipes[0]).toMatchObject({
        recipe_id: kimchiRice.id,
        title: 'Kimchi Fried Rice',
        difficulty: 'easy',
        prep_time_mins: 5,
      });
    }
    const eggs = await api.get('/api/recipes', { query: { q: 'fried egg' } });
    expect(eggs.body.recipes.map((r: any) => r.id)).toEqual([kimchiRice.id]);
    const byIngredient = await api.get('/api/recipes', { query: { q: 'parmesan' } });
    expect(byIngredient.body.recipes.map((r: any) => r.id)).toEqual([carbonara.id]);
    const none = await api.get('/api/recipes', { query: { q: 'durian' } });
    expect(none.body).toMatchObject({ recipes: [], total: 0 });
    // Operators and stray punctuation are text, not syntax errors.
    expect((await api.get('/api/recipes', { query: { q: '"unclosed & | ! (' } })).status).toBe(200);
  });

  it('answers a one-word search from its term index as the general search would, and keeps the index with every edit', async () => {
    // A filter that keeps every recipe sends the same query down the general path (every match ranked).
    const both = async (q: string) => {
      const [oneWord, general] = await Promise.all([
        api.get('/api/recipes', { query: { q } }),
        api.get('/api/recipes', { query: { q, prep_time_min: 0 } }),
      ]);
      expect(oneWord.status).toBe(200);
      expect(oneWord.body).toMatchObject({ total: general.body.total, total_is_estimate: false });
      expect(oneWord.body.recipes.map((r: any) => r.id)).toEqual(general.body.recipes.map((r: any) => r.id));
      return oneWord.body.recipes.map((r: any) => r.id);
    };
    expect(await both('eggs')).toEqual(expect.arrayContaining([carbonara.id, kimchiRice.id]));
    // Each found recipe is the summary every list shows, field for field.
    const mine = (await api.get('/api/recipes/mine', { token: author.accessToken, query: { limit: 100 } })).body.recipes;
    const queries: Record<string, string | number>[] = [{ q: 'eggs' }, { q: 'eggs', prep_time_min: 0 }, { q: 'fried egg' }];
    for (const query of queries) {
      for (const found of (await api.get('/api/recipes', { query })).body.recipes) {
        expect(found).toEqual(mine.find((r: any) => r.id === found.id));
      }
    }
    expect(await both('Italian')).toEqual(expect.arrayContaining([carbonara.id, soup.id]));
    expect(await both('the')).toEqual([]); // a stop word: no lexeme at all

    const extra = await api.post(
      '/api/recipes',
      recipeBody({ title: 'Eggs Benedict', ingredients: [{ name: 'eggs', quantity: 2, unit: null }] }),
      {
        token: author.accessToken,
      },
    );
    expect(extra.status).toBe(201);
    expect((await both('eggs'))[0]).toBe(extra.body.id); // in the title: ranked first
    await api.put(`/api/recipes/${extra.body.id}`, { title: 'Hollandaise Muffins' }, { token: author.accessToken });
    expect(await both('benedict')).toEqual([]);
    expect(await both('muffins')).toEqual([extra.body.id]);
    await api.put(`/api/recipes/${extra.body.id}`, { status: 'draft' }, { token: author.accessToken });
    expect(await both('hollandaise')).toEqual([]);
    await api.put(`/api/recipes/${extra.body.id}`, { status: 'published' }, { token: author.accessToken });
    expect(await both('hollandaise')).toEqual([extra.body.id]);
    expect((await api.delete(`/api/recipes/${extra.body.id}`, { token: author.accessToken })).status).toBe(204);
    expect(await both('hollandaise')).toEqual([]);
  });

  it('filters by category, cuisine, difficulty and preparation time, and sorts', async () => {
    const italian = await api.get('/api/recipes', { query: { cuisine: 'italian', sort: 'prep_time_mins' } });
    expect(italian.body.recipes.map((r: any) => r.id)).toEqual([carbonara.id, soup.id]);
    const quickMains = await api.get('/api/recipes', { query: { category: 'main', prep_time_max: 8 } });
    expect(quickMains.body.recipes.map((r: any) => r.id)).toEqual([kimchiRice.id]);
    const slow = await api.get('/api/recipes', { query: { prep_time_min: 30 } });
    expect(slow.body.recipes.map((r: any) => r.id)).toEqual([soup.id]);
    const medium = await api.get('/api/recipes', { query: { difficulty: 'medium' } });
    expect(medium.body.recipes.map((r: any) => r.id)).toEqual([carbonara.id]);
    const queries: Record<string, string>[] = [{ difficulty: 'impossible' }, { sort: 'secret' }, { prep_time_min: 'soon' }];
    for (const query of queries) {
      expect((await api.get('/api/recipes', { query })).status).toBe(422);
    }
  });

  it('shows a recipe in full and counts the view', async () => {
    const first = await api.get(`/api/recipes/${soup.id}`);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({
      id: soup.id,
      ingredients: [
        { name: 'tomatoes', quantity: 6, unit: null },
        { name: 'onion', quantity: 1, unit: null },
      ],
      instructions: ['Boil the pasta.', 'Make the sauce.', 'Toss.'],
      reviews: [],
    });
    const second = await api.get(`/api/coocook/recipe/${soup.id}`);
    expect(second.body.view_count).toBe(first.body.view_count + 1);
  });

  it('computes nutrition from the USDA reference table and lists unknown ingredients instead of guessing', async () => {
    for (const path of [`/api/recipes/${kimchiRice.id}/nutrition`, `/api/coocook/nutrition/${kimchiRice.id}`]) {
      const response = await api.get(path);
      expect(response.status).toBe(200);
      // 200 g rice (730 kcal) + 150 g kimchi (22.5) + 2 eggs, 100 g (143) = 895.5
      expect(response.body).toMatchObject({
        recipe_id: kimchiRice.id,
        servings: 2,
        calories: 896,
        per_serving: { calories: 448 },
        allergens: ['egg'],
        complete: false,
        unknown_ingredients: [
          { name: 'gochujang', quantity: 1, unit: 'tbsp', reason: 'not_in_reference' },
          { name: 'salt', quantity: null, unit: null, reason: 'no_quantity' },
        ],
      });
      expect(response.body.source).toMatch(/USDA FoodData Central, SR Legacy/);
      expect(response.body.protein_g).toBeCloseTo(14.26 + 1.65 + 12.56, 0);
    }
  });

  it('lets only the creator edit and delete: another user gets 403 on a published recipe, 404 on a draft', async () => {
    const stranger = await registerUser(api);
    const draft = await api.post('/api/recipes', recipeBody({ title: 'Secret Draft', status: 'draft' }), { token: author.accessToken });
    expect(draft.body.status).toBe('draft');
    expect((await api.get(`/api/recipes/${draft.body.id}`)).status).toBe(404);
    expect((await api.get('/api/recipes', { query: { q: 'secret' } })).body.total).toBe(0);
    expect((await api.put(`/api/recipes/${soup.id}`, { title: 'Hijacked' }, { token: stranger.accessToken })).status).toBe(403);
    expect((await api.delete(`/api/recipes/${soup.id}`, { token: stranger.accessToken })).status).toBe(403);
    expect((await api.put(`/api/recipes/${draft.body.id}`, { title: 'Hijacked' }, { token: stranger.accessToken })).status).toBe(404);
    const mine = await api.get('/api/recipes/mine', { token: author.accessToken, query: { status: 'draft' } });
    expect(mine.body.recipes.map((r: any) => r.id)).toEqual([draft.body.id]);

    const published = await api.put(
      `/api/recipes/${draft.body.id}`,
      { status: 'published', title: 'No Longer Secret' },
      { token: author.accessToken },
    );
    expect(published.status).toBe(200);
    expect(published.body).toMatchObject({ status: 'published', title: 'No Longer Secret' });
    expect((await api.get('/api/recipes', { query: { q: 'longer secret' } })).body.total).toBe(1);
    expect((await api.delete(`/api/recipes/${draft.body.id}`, { token: author.accessToken })).status).toBe(204);
    expect((await api.get(`/api/recipes/${draft.body.id}`)).status).toBe(404);
  });

  it('takes one review per user (rating 1-5), not from the creator, and averages the ratings', async () => {
    const [a, b] = [await registerUser(api), await registerUser(api)];
    const first = await api.post(`/api/recipes/${carbonara.id}/reviews`, { rating: 5, review_text: 'Perfect' }, { token: a.accessToken });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ recipe_id: carbonara.id, user_id: a.id, rating: 5, review_text: 'Perfect' });
    expect((await api.post(`/api/recipes/${carbonara.id}/reviews`, { rating: 4 }, { token: a.accessToken })).status).toBe(409);
    expect((await api.post(`/api/recipes/${carbonara.id}/reviews`, { rating: 4 }, { token: author.accessToken })).status).toBe(403);
    for (const rating of [0, 6, 4.5, '5']) {
      const bad = await api.post(`/api/recipes/${carbonara.id}/reviews`, { rating }, { token: b.accessToken });
      expect({ rating, status: bad.status }).toEqual({ rating, status: 422 });
    }
    expect((await api.post(`/api/recipes/${carbonara.id}/reviews`, { rating: 2 }, { token: b.accessToken })).status).toBe(201);
    const detail = await api.get(`/api/recipes/${carbonara.id}`);
    expect(detail.body).toMatchObject({ rating_avg: 3.5, rating_count: 2 });
    const reviews = await api.get(`/api/recipes/${carbonara.id}/reviews`);
    expect(reviews.body).toMatchObject({ total: 2 });
    expect(reviews.body.reviews.map((r: any) => r.rating)).toEqual([2, 5]);
  });

  it('answers trending, new and similar recipes', async () => {
    const chef = await registerChef(api);
    const risotto = await api.post(
      '/api/recipes',
      recipeBody({
        title: 'Egg Fried Rice',
        category: 'Main',
        ingredients: [
          { name: 'rice', quantity: 200, unit: 'g' },
          { name: 'egg', quantity: 2, unit: null },
        ],
      }),
      { token: chef.user.accessToken },
    );
    const similar = await api.get(`/api/recipes/${kimchiRice.id}/similar`);
    expect(similar.status).toBe(200);
    // Shares rice and egg and the category; the carbonara shares egg and the category; the soup nothing.
    expect(similar.body.recipes.map((r: any) => r.id).slice(0, 2)).toEqual([risotto.body.id, carbonara.id]);
    expect(similar.body.recipes.map((r: any) => r.id)).not.toContain(soup.id);

    const newest = await api.get('/api/recipes/new', { query: { limit: 1 } });
    expect(newest.body.recipes.map((r: any) => r.id)).toEqual([risotto.body.id]);

    for (let i = 0; i < 3; i++) await api.get(`/api/recipes/${kimchiRice.id}`);
    const trending = await api.get('/api/recipes/trending');
    expect(trending.status).toBe(200);
    expect(trending.body.recipes[0].id).toBe(carbonara.id); // two ratings (7 stars × 3) outweigh three views
    expect(trending.body.recipes[1].id).toBe(kimchiRice.id);
  });
  it('counts a broad search exactly up to 1,000 matches and estimates beyond (total_is_estimate), the page exact', async () => {
    // Written straight to the table, as a bulk load would (the triggers fill the search columns).
    const db = new Client({ connectionString: fleet.adminDatabaseUrl });
    await db.connect();
    try {
      await db.query(
        `INSERT INTO coocook.recipes (author_id, slug, title, description, ingredients, status, published_at)
         SELECT $1, 'zucchini-fritter-' || n, 'Zucchini Fritter ' || n, 'Grated zucchini.', '[]'::jsonb, 'published', now()
           FROM generate_series(1, 1005) AS n`,
        [author.id],
      );
      await db.query('ANALYZE coocook.recipes, coocook.recipe_search_terms');
      const oneWord = await api.get('/api/recipes', { query: { q: 'zucchini' } });
      expect(oneWord.status).toBe(200);
      expect(oneWord.body).toMatchObject({ total_is_estimate: true, page: 1, limit: 20 });
      expect(oneWord.body.total).toBeGreaterThan(1000);
      expect(oneWord.body.pages).toBe(Math.ceil(oneWord.body.total / 20));
      // Two words rank every match, and count them in the same scan: exact beyond the cap.
      const twoWords = await api.get('/api/recipes', { query: { q: 'zucchini fritter' } });
      expect(twoWords.body).toMatchObject({ total: 1005, total_is_estimate: false, pages: 51 });
      // Every match ranks the same here: both pages are the newest, then by id.
      expect(oneWord.body.recipes.map((r: any) => r.id)).toEqual(twoWords.body.recipes.map((r: any) => r.id));
      const small = await api.get('/api/recipes', { query: { q: 'kimchi' } });
      expect(small.body).toMatchObject({ total: 1, total_is_estimate: false });
    } finally {
      await db.query(`DELETE FROM coocook.recipes WHERE slug LIKE 'zucchini-fritter-%'`);
      await db.end();
    }
  });

  describe('cached search answers', () => {
    let db: Client;
    beforeAll(async () => {
      db = new Client({ connectionString: fleet.adminDatabaseUrl });
      await db.connect();
    });
    afterAll(() => db?.end());
    const search = async (q: string) => {
      const response = await api.get('/api/recipes', { query: { q } });
      expect(response.status).toBe(200);
      return response.body;
    };

    it('answers a repeated search from the cache: a view count changed meanwhile shows on the next write, not before', async () => {
      const first = await search('carbonara');
      const before = first.recipes[0].view_count;
      // View counts alone do not invalidate (they change on every read).
      await db.query(`UPDATE coocook.recipes SET view_count = view_count + 100 WHERE id = $1`, [carbonara.id]);
      expect((await search('carbonara')).recipes[0].view_count).toBe(before);
      // Any other write, here straight to the table as another replica's would be, does.
      await db.query(`UPDATE coocook.recipes SET description = description || ' ' WHERE id = $1`, [soup.id]);
      expect((await search('carbonara')).recipes[0].view_count).toBe(before + 100);
    });

    it('never answers from before a committed write: publish, retitle and delete show at once', async () => {
      expect((await search('quinoa')).total).toBe(0);
      const created = await api.post('/api/recipes', recipeBody({ title: 'Quinoa Bowl' }), { token: author.accessToken });
      expect(created.status).toBe(201);
      expect((await search('quinoa')).recipes.map((r: any) => r.id)).toEqual([created.body.id]);
      const retitled = await api.put(`/api/recipes/${created.body.id}`, { title: 'Barley Bowl' }, { token: author.accessToken });
      expect(retitled.status).toBe(200);
      expect((await search('quinoa')).total).toBe(0);
      expect((await search('barley')).recipes.map((r: any) => r.id)).toEqual([created.body.id]);
      expect((await api.delete(`/api/recipes/${created.body.id}`, { token: author.accessToken })).status).toBe(204);
      expect((await search('barley')).total).toBe(0);
    });

    it('keeps the same answer for two spellings of one query and a separate one per page', async () => {
      const pageOne = await api.get('/api/recipes', { query: { q: 'rice', page: 1 } });
      const again = await api.get('/api/recipes', { query: { page: 1, q: 'rice' } });
      expect(again.body).toEqual(pageOne.body);
      const pageTwo = await api.get('/api/recipes', { query: { q: 'rice', page: 2 } });
      expect(pageTwo.body.page).toBe(2);
      expect(pageTwo.body.recipes).toEqual([]);
    });
  });
});
