import { ApiClient, registerUser, TestFleet } from '@sf/testing';
import { startAuthFleet } from '../fleet';

describe('sign-in sessions through the gateway', () => {
  let fleet: TestFleet;
  let api: ApiClient;

  beforeAll(async () => {
    ({ fleet, api } = await startAuthFleet());
  });
  afterAll(() => fleet?.close());

  it('registers with the seed example password and answers the token pair with the user', async () => {
    const email = `john-${Date.now()}@example.com`;
    const response = await api.post('/api/auth/register', { email, password: 'SecurePassword123', name: 'John Doe' });
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({ token_type: 'Bearer', expires_in: 3600, user: { email, name: 'John Doe', roles: ['user'] } });
    expect(response.body.user).not.toHaveProperty('password_hash');
    expect(typeof response.body.access_token).toBe('string');
    expect(typeof response.body.refresh_token).toBe('string');
  });

  it('logs in, refreshes and reads /api/auth/me and its alias /api/auth/user', async () => {
    const user = await registerUser(api);
    const login = await api.post('/api/auth/login', { email: user.email, password: user.password });
    expect(login.status).toBe(200);
    const refreshed = await api.post('/api/auth/refresh', { refresh_token: login.body.refresh_token });
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.refresh_token).not.toBe(login.body.refresh_token);
    for (const path of ['/api/auth/me', '/api/auth/user']) {
      const me = await api.get(path, { token: refreshed.body.access_token });
      expect(me.status).toBe(200);
      expect(me.body).toMatchObject({ id: user.id, email: user.email });
    }
  });

  it('refuses a refresh token used twice and ends its whole session', async () => {
    const user = await registerUser(api);
    const first = await api.post('/api/auth/refresh', { refresh_token: user.refreshToken });
    expect(first.status).toBe(200);
    const replay = await api.post('/api/auth/refresh', { refresh_token: user.refreshToken });
    expect(replay.status).toBe(401);
    expect(replay.body.error.code).toBe('UNAUTHORIZED');
    // The token family is gone: the rotated refresh token and its access token are dead too.
    const next = await api.post('/api/auth/refresh', { refresh_token: first.body.refresh_token });
    expect(next.status).toBe(401);
    expect((await api.get('/api/auth/me', { token: first.body.access_token })).status).toBe(401);
  });

  it('refuses the access token at once after logout', async () => {
    const user = await registerUser(api);
    expect((await api.get('/api/auth/me', { token: user.accessToken })).status).toBe(200);
    const logout = await api.post('/api/auth/logout', { refresh_token: user.refreshToken }, { token: user.accessToken });
    expect(logout.status).toBe(200);
    const after = await api.get('/api/auth/me', { token: user.accessToken });
    expect(after.status).toBe(401);
    expect((await api.post('/api/auth/refresh', { refresh_token: user.refreshToken })).status).toBe(401);
  });
});
