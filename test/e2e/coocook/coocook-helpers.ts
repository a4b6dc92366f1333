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

/** An ISO time `hours` from now, to the minute. */
export function hoursFromNow(hours: number): string {
  const date = new Date(Date.now() + hours * 3_600_000);
  date.setUTCSeconds(0, 0);
  return date.toISOString().replace('.000Z', 'Z');
}

/**
 * Subscribes the user to CooCook (product 1) as seed workflow 1 does (checkout, then opening the
 * checkout_url), and waits until the coocook service knows: a booking of no chef answers 404
 * (past the subscription check) instead of 403.
 */
export async function subscribeToCoocook(
  api: ApiClient,
  user: RegisteredUser,
  payCheckout: (url: string) => Promise<unknown>,
  eventually: <T>(check: () => Promise<T>, timeoutMs?: number) => Promise<T>,
): Promise<void> {
  const checkout = await api.post('/api/payment/checkout', { product_id: 1, plan_type: 'monthly' }, { token: user.accessToken });
  if (checkout.status !== 201) throw new Error(`checkout failed: ${checkout.status} ${checkout.text}`);
  await payCheckout(checkout.body.checkout_url);
  await eventually(async () => {
    const probe = await api.post(
      '/api/coocook/bookings',
      { chef_id: '00000000-0000-4000-8000-000000000000', booking_date: daysFromNow(30), duration_hours: 1 },
      { token: user.accessToken },
    );
    if (probe.status !== 404) throw new Error(`not subscribed yet: ${probe.status}`);
  }, 15_000);
}
