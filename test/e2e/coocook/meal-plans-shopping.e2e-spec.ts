import { ApiClient, registerUser, RegisteredUser, TestFleet } from '@sf/testing';
import { authService, coocookService, startFleet } from '../fleet';
import { recipeBody } from './coocook-helpers';

describe('CooCook meal plans and shopping lists', () => {
  let fleet: TestFleet;
  let api: ApiClient;
  let owner: RegisteredUser;
  let stranger: RegisteredUser;
  let pasta: any;
  let salad: any;

  beforeAll(async () => {
    ({ fleet, api } = await startFleet([authService, coocookService], { DEMO_MODE: 'false' }));
    [owner, stranger] = [await registerUser(api), await registerUser(api)];
    const author = await registerUser(api);
    pasta = (
      await api.post(
        '/api/recipes',
        recipeBody({
          title: 'Garlic Pasta',
          servings: 2,
          ingredients: [
            { name: 'spaghetti', quantity: 200, unit: 'g' },
            { name: 'Garlic', quantity: 4, unit: 'cloves' },
            { name: 'olive oil', quantity: 3, unit: 'tbsp' },
            { name: 'salt', quantity: null, unit: null },
          ],
        }),
        { token: author.accessToken },
      )
    ).body;
    salad = (
      await api.post(
        '/api/recipes',
        recipeBody({
          title: 'Tomato Salad',
          servings: 2,
          ingredients: [
            { name: 'tomatoes', quantity: 4, unit: null },
            { name: 'garlic', quantity: 1, unit: 'clove' },
            { name: 'olive oil', quantity: 2, unit: 'tablespoons' },
          ],
        }),
        { token: author.accessToken },
      )
    ).body;
  });
  afterAll(() => fleet?.close());

  describe('meal plans', () => {
    it('creates, reads, updates, lists and deletes a plan on both path families', async () => {
      const created = await api.post(
        '/api/coocook/meal-plan',
        {
          name: 'Week 12',
          start_date: '2031-03-17',
          end_date: '2031-03-23',
          meals: [
            { date: '2031-03-18', meal_type: 'dinner', recipe_id: pasta.id, servings: 2 },
            { date: '2031-03-17', meal_type: 'lunch', recipe_id: salad.id },
            { date: '2031-03-17', meal_type: 'breakfast', note: 'Fruit' },
          ],
        },
        { token: owner.accessToken },
      );
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({
        name: 'Week 12',
        start_date: '2031-03-17',
        end_date: '2031-03-23',
        meals: [
          { date: '2031-03-17', meal_type: 'breakfast', recipe_id: null, recipe_title: null, note: 'Fruit' },
          { date: '2031-03-17', meal_type: 'lunch', recipe_id: salad.id, recipe_title: 'Tomato Salad' },
          { date: '2031-03-18', meal_type: 'dinner', recipe_id: pasta.id, recipe_title: 'Garlic Pasta', servings: 2 },
        ],
      });
      const id = created.body.id;
      expect((await api.get(`/api/coocook/meal-plans/${id}`, { token: owner.accessToken })).body.meals).toHaveLength(3);
      const updated = await api.put(`/api/coocook/meal-plan/${id}`, { name: 'Week 12 (light)', meals: [] }, { token: owner.accessToken });
      expect(updated.status).toBe(200);
      expect(updated.body).toMatchObject({ name: 'Week 12 (light)', meals: [], start_date: '2031-03-17' });
      const list = await api.get('/api/coocook/meal-plans', { token: owner.accessToken });
      expect(list.body).toMatchObject({ total: 1, meal_plans: [{ id }] });
      expect((await api.delete(`/api/coocook/meal-plans/${id}`, { token: owner.accessToken })).status).toBe(204);
      expect((await api.get(`/api/coocook/meal-plans/${id}`, { token: owner.accessToken })).status).toBe(404);
    });

    it('refuses meals outside the dates, unknown recipes, backwards or overlong ranges with 422', async () => {
      const bad = await api.post(
        '/api/coocook/meal-plans',
        {
          name: 'Bad',
          start_date: '2031-03-17',
          end_date: '2031-03-20',
          meals: [
            { date: '2031-03-25', meal_type: 'dinner' },
            { date: '2031-03-18', meal_type: 'dinner', recipe_id: '00000000-0000-4000-8000-000000000000' },
          ],
        },
        { token: owner.accessToken },
      );
      expect(bad.status).toBe(422);
      expect(Object.keys(bad.body.error.details).sort()).toEqual(['meals.0.date', 'meals.1.recipe_id']);
      const backwards = await api.post(
        '/api/coocook/meal-plans',
        { name: 'B', start_date: '2031-03-17', end_date: '2031-03-01' },
        { token: owner.accessToken },
      );
      expect(backwards.status).toBe(422);
      const long = await api.post(
        '/api/coocook/meal-plans',
        { name: 'L', start_date: '2031-01-01', end_date: '2031-12-31' },
        { token: owner.accessToken },
      );
      expect(long.status).toBe(422);
      const invalidDate = await api.post(
        '/api/coocook/meal-plans',
        { name: 'D', start_date: '2031-02-30', end_date: '2031-03-01' },
        { token: owner.accessToken },
      );
      expect(invalidDate.status).toBe(422);
      expect(invalidDate.body.error.details).toHaveProperty('start_date');
    });

    it('keeps a planned meal whose recipe was deleted since: the plan still changes, the title is gone', async () => {
      const author = await registerUser(api);
      const soon = await api.post('/api/recipes', recipeBody({ title: 'Soon Gone' }), { token: author.accessToken });
      const plan = await api.post(
        '/api/coocook/meal-plans',
        {
          name: 'Before',
          start_date: '2031-04-01',
          end_date: '2031-04-02',
          meals: [{ date: '2031-04-01', meal_type: 'dinner', recipe_id: soon.body.id }],
        },
        { token: owner.accessToken },
      );
      expect(plan.body.meals[0].recipe_title).toBe('Soon Gone');
      expect((await api.delete(`/api/recipes/${soon.body.id}`, { token: author.accessToken })).status).toBe(204);
      const renamed = await api.put(`/api/coocook/meal-plans/${plan.body.id}`, { name: 'After' }, { token: owner.accessToken });
      expect(renamed.status).toBe(200);
      expect(renamed.body).toMatchObject({ name: 'After', meals: [{ recipe_id: soon.body.id, recipe_title: null }] });
      const moved = await api.put(`/api/coocook/meal-plans/${plan.body.id}`, { start_date: '2031-04-02' }, { token: owner.accessToken });
      expect(moved.status).toBe(422);
      expect(moved.body.error.details).toHaveProperty(['meals.0.date']);
    });

    it('keeps a plan private: another user reads, changes and deletes nothing (404)', async () => {
      const plan = await api.post(
        '/api/coocook/meal-plans',
        { name: 'Mine', start_date: '2031-03-17', end_date: '2031-03-18' },
        { token: owner.accessToken },
      );
      const id = plan.body.id;
      expect((await api.get(`/api/coocook/meal-plans/${id}`, { token: stranger.accessToken })).status).toBe(404);
      expect((await api.put(`/api/coocook/meal-plans/${id}`, { name: 'Stolen' }, { token: stranger.accessToken })).status).toBe(404);
      expect((await api.delete(`/api/coocook/meal-plans/${id}`, { token: stranger.accessToken })).status).toBe(404);
      expect((await api.get('/api/coocook/meal-plans', { token: stranger.accessToken })).body.total).toBe(0);
      expect((await api.get(`/api/coocook/meal-plans/${id}`, { token: owner.accessToken })).body.name).toBe('Mine');
    });
  });

  describe('shopping lists', () => {
    it('refuses a page or offset deeper than any list with 422 naming it (Postgres takes no OFFSET past 2^63)', async () => {
      for (const [field, value] of [
        ['offset', '9223372036854776000'],
        ['offset', '10000001'],
        ['page', '100001'],
      ]) {
        const response = await api.get('/api/shopping-list', { token: owner.accessToken, query: { [field]: value } });
        expect(response.status).toBe(422);
        expect(response.body.error.details).toHaveProperty(field);
      }
      expect((await api.get('/api/shopping-list', { token: owner.accessToken, query: { offset: '10000000' } })).body).toMatchObject({
        shopping_lists: [],
      });
    });

    it('creates a list with items, adds a recipe, merges the same ingredient and unit, scales by servings', async () => {
      const created = await api.post(
        '/api/shopping-list',
        {
          name: 'Groceries',
          items: [
            { name: 'garlic', quantity: 2, unit: 'clove' },
            { name: 'milk', quantity: 1, unit: 'l' },
          ],
        },
        { token: owner.accessToken },
      );
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({ list_id: created.body.id, name: 'Groceries', item_count: 2, bought_count: 0 });
      const listId = created.body.id;

      const first = await api.post('/api/shopping-list/add-recipe', { list_id: listId, recipe_id: pasta.id }, { token: owner.accessToken });
      expect(first.status).toBe(200);
      expect(first.body).toMatchObject({ list_id: listId, items_added: 3, items_merged: 1, total_estimated_cost_krw: 0 });
      // The salad at 4 servings: twice its quantities.
      const second = await api.post(
        '/api/coocook/shopping-list/add-recipe',
        { list_id: listId, recipe_id: salad.id, servings: 4 },
        { token: owner.accessToken },
      );
      expect(second.body).toMatchObject({ items_added: 1, items_merged: 2 });
      const items = second.body.list.items.map((i: any) => [i.name, i.quantity, i.unit]);
      expect(items).toEqual([
        ['garlic', 8, 'clove'], // 2 + 4 (pasta) + 2 (salad × 2)
        ['milk', 1, 'l'],
        ['spaghetti', 200, 'g'],
        ['olive oil', 7, 'tbsp'], // 3 + 2 × 2: "tablespoons" is "tbsp"
        ['salt', null, null],
        ['tomatoes', 8, null],
      ]);
      const garlic = second.body.list.items[0];
      expect(garlic.recipe_ids.sort()).toEqual([pasta.id, salad.id].sort());
    });

    it('marks items bought, records prices per store and answers the costs by store', async () => {
      const list = await api.post(
        '/api/shopping-list',
        {
          name: 'Prices',
          items: [
            {
              name: 'eggs',
              quantity: 10,
              prices: [
                { store: 'E-Mart', price_krw: 4_500 },
                { store: 'Lotte Mart', price_krw: 4_900 },
              ],
            },
            { name: 'milk', quantity: 1, unit: 'l', store: 'E-Mart', price_krw: 2_800 },
            { name: 'bread', quantity: 1 },
          ],
        },
        { token: owner.accessToken },
      );
      const [eggs, milk, bread] = list.body.items;
      const bought = await api.put(`/api/shopping-list/${list.body.id}/items/${eggs.id}`, { bought: true }, { token: owner.accessToken });
      expect(bought.status).toBe(200);
      expect(bought.body.bought).toBe(true);
      expect(typeof bought.body.bought_at).toBe('string');
      const priced = await api.put(
        `/api/shopping-list/${list.body.id}/items/${milk.id}`,
        { store: 'Lotte Mart', price_krw: 2_500 },
        { token: owner.accessToken },
      );
      expect(priced.body.prices).toEqual([
        { store: 'E-Mart', price_krw: 2_800 },
        { store: 'Lotte Mart', price_krw: 2_500 },
      ]);
      const costs = await api.get(`/api/shopping-list/${list.body.id}/costs`, { token: owner.accessToken });
      expect(costs.status).toBe(200);
      expect(costs.body).toMatchObject({ list_id: list.body.id, cheapest_total_krw: 7_000, unpriced_item_ids: [bread.id] });
      expect(costs.body.stores.map((s: any) => [s.store, s.total_cost_krw, s.remaining_cost_krw, s.priced_items, s.missing_items])).toEqual(
        [
          ['E-Mart', 7_300, 2_800, 2, 1],
          ['Lotte Mart', 7_400, 2_500, 2, 1],
        ],
      );
      expect(costs.body.stores[0].items_price_breakdown.map((l: any) => [l.name, l.price_krw, l.bought])).toEqual([
        ['eggs', 4_500, true],
        ['milk', 2_800, false],
      ]);
      expect(
        (await api.put(`/api/shopping-list/${list.body.id}/items/${milk.id}`, { price_krw: 100 }, { token: owner.accessToken })).status,
      ).toBe(422);
      expect((await api.delete(`/api/shopping-list/${list.body.id}/items/${bread.id}`, { token: owner.accessToken })).status).toBe(204);
      expect((await api.get(`/api/shopping-list/${list.body.id}`, { token: owner.accessToken })).body).toMatchObject({
        item_count: 2,
        bought_count: 1,
      });
    });

    it('keeps a list private: another user reads, changes, adds to and deletes nothing (404)', async () => {
      const list = await api.post(
        '/api/shopping-list',
        { name: 'Private', items: [{ name: 'rice', quantity: 1, unit: 'kg' }] },
        { token: owner.accessToken },
      );
      const id = list.body.id;
      const itemId = list.body.items[0].id;
      const as = { token: stranger.accessToken };
      expect((await api.get(`/api/shopping-list/${id}`, as)).status).toBe(404);
      expect((await api.put(`/api/shopping-list/${id}`, { name: 'Stolen' }, as)).status).toBe(404);
      expect((await api.post(`/api/shopping-list/${id}/items`, { name: 'caviar' }, as)).status).toBe(404);
      expect((await api.put(`/api/shopping-list/${id}/items/${itemId}`, { bought: true }, as)).status).toBe(404);
      expect((await api.delete(`/api/shopping-list/${id}/items/${itemId}`, as)).status).toBe(404);
      expect((await api.get(`/api/shopping-list/${id}/costs`, as)).status).toBe(404);
      expect((await api.post('/api/shopping-list/add-recipe', { list_id: id, recipe_id: pasta.id }, as)).status).toBe(404);
      expect((await api.delete(`/api/shopping-list/${id}`, as)).status).toBe(404);
      expect((await api.get('/api/shopping-list', as)).body.total).toBe(0);
      const mine = await api.get(`/api/shopping-list/${id}`, { token: owner.accessToken });
      expect(mine.body).toMatchObject({ name: 'Private', item_count: 1, items: [{ bought: false }] });
    });

    it('renames, lists and deletes lists; adding a recipe without a list makes one', async () => {
      const made = await api.post('/api/shopping-list/add-recipe', { recipe_id: salad.id }, { token: owner.accessToken });
      expect(made.status).toBe(200);
      expect(made.body.list).toMatchObject({ name: 'Tomato Salad', item_count: 3 });
      const renamed = await api.put(`/api/shopping-list/${made.body.list_id}`, { name: 'Salad night' }, { token: owner.accessToken });
      expect(renamed.body.name).toBe('Salad night');
      const lists = await api.get('/api/shopping-list', { token: owner.accessToken, query: { limit: 1 } });
      expect(lists.body).toMatchObject({ limit: 1, shopping_lists: [{ id: made.body.list_id, name: 'Salad night', item_count: 3 }] });
      expect((await api.delete(`/api/shopping-list/${made.body.list_id}`, { token: owner.accessToken })).status).toBe(204);
      expect((await api.get(`/api/shopping-list/${made.body.list_id}`, { token: owner.accessToken })).status).toBe(404);
    });
  });
});
