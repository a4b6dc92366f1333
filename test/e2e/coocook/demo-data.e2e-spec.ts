import { ApiClient, TestFleet } from '@sf/testing';
import { authService, coocookService, startFleet } from '../fleet';

describe('CooCook demo data (DEMO_MODE=true)', () => {
  let fleet: TestFleet;
  let api: ApiClient;

  beforeAll(async () => {
    ({ fleet, api } = await startFleet([authService, coocookService], { DEMO_MODE: 'true' }));
  });
  afterAll(() => fleet?.close());

  it('has chefs to browse and recipes to search, and loads them only once across restarts', async () => {
    const italianSeoul = await api.get('/api/coocook/chefs', { query: { cuisine: 'Italian', location: 'Seoul' } });
    expect(italianSeoul.status).toBe(200);
    expect(italianSeoul.body.chefs.map((c: any) => c.name)).toContain('Marco Rossi');
    const all = await api.get('/api/coocook/chefs');
    const recipes = await api.get('/api/recipes', { query: { q: 'kimchi' } });
    expect(recipes.body.recipes.map((r: any) => r.title)).toContain('Kimchi Fried Rice');
    const total = (await api.get('/api/recipes')).body.total;
    expect(total).toBeGreaterThanOrEqual(12);

    await fleet.stopService('coocook');
    await fleet.startService('coocook');
    await fleet.waitUntilReady();
    expect((await api.get('/api/coocook/chefs')).body.total).toBe(all.body.total);
    expect((await api.get('/api/recipes')).body.total).toBe(total);
  });

  it('computes the demo recipes’ nutrition, naming what the reference table does not know', async () => {
    const found = await api.get('/api/recipes', { query: { q: 'doenjang' } });
    const nutrition = await api.get(`/api/recipes/${found.body.recipes[0].id}/nutrition`);
    expect(nutrition.status).toBe(200);
    expect(nutrition.body.unknown_ingredients.map((u: any) => u.name)).toEqual(['doenjang']);
    expect(nutrition.body.allergens).toEqual(['soy']);
    expect(nutrition.body.calories).toBeGreaterThan(0);
  });
});
