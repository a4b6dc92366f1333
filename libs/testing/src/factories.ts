import { randomBytes } from 'node:crypto';
import { ApiClient } from './http-client';

export interface RegisteredUser {
  id: string;
  email: string;
  password: string;
  name: string;
  accessToken: string;
  refreshToken: string;
}

/** A fresh, unique user registered through the public API. */
export async function registerUser(
  api: ApiClient,
  overrides: Partial<{ email: string; password: string; name: string }> = {},
): Promise<RegisteredUser> {
  const email = overrides.email ?? `user-${randomBytes(6).toString('hex')}@example.test`;
  const password = overrides.password ?? `Pw-${randomBytes(8).toString('hex')}`;
  const name = overrides.name ?? 'Test User';
  const response = await api.post('/api/auth/register', { email, password, name });
  if (response.status !== 201) throw new Error(`register failed: ${response.status} ${response.text}`);
  return {
    id: response.body.user.id,
    email,
    password,
    name,
    accessToken: response.body.access_token,
    refreshToken: response.body.refresh_token,
  };
}
