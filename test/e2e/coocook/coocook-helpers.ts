import { ApiClient, RegisteredUser, registerUser } from '@sf/testing';

export interface ChefOf {
  user: RegisteredUser;
  chef: any;
}

/** A fresh user registered as a chef (through the API), with a token that carries the chef role. */
export async function registerChef(api: ApiClient, overrides: Record<string, unknown> = {}): Promise<ChefOf> {
  const user = await registerUser(api, { name: 'Chef User' });
  const response = await api.post(
    '/api/coocook/chef/register',
    { name: 'Marco Test', bio: 'Pasta by hand', cuisine: 'Italian', location: 'Seoul', hourly_rate_krw: 50_000, ...overrides },
    { token: user.accessToken },
  );
  if (response.status !== 201) throw new Error(`chef register failed: ${response.status} ${response.text}`);
  return { user, chef: response.body };
}

/** An ISO time `days` from now at `hour`:00 UTC. */
export function daysFromNow(days: number, hour = 19): string {
  const date = new Date(Date.now() + days * 86_400_000);
  date.setUTCHours(hour, 0, 0, 0);
  return date.toISOString().replace('.000Z', 'Z');
}

/** A recipe body with sensible defaults. */
export function recipeBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    title: 'Test Tomato Pasta',
    description: 'A simple pasta with tomatoes and basil.',
    ingredients: [
      { name: 'spaghetti', quantity: 200, unit: 'g' },
      { name: 'tomatoes', quantity: 3, unit: null },
      { name: 'olive oil', quantity: 2, unit: 'tbsp' },
    ],
    instructions: ['Boil the pasta.', 'Make the sauce.', 'Toss.'],
    category: 'Main',
    cuisine: 'Italian',
    difficulty: 'easy',
    prep_time_mins: 10,
    cook_time_mins: 15,
    servings: 2,
    tags: ['pasta'],
    ...overrides,
  };
}
