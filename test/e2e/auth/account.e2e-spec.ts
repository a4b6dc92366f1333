import type { CloudEvent } from '@sf/events';
import type { Subscription } from '@nats-io/transport-node';
import { ApiClient, eventually, registerUser, TestFleet } from '@sf/testing';
import { startAuthFleet } from '../fleet';

/** Collects every event of one type this fleet's auth service publishes from now on. */
async function listen(fleet: TestFleet, type: string): Promise<{ events: CloudEvent<Record<string, unknown>>[]; stop: () => void }> {
  const events: CloudEvent<Record<string, unknown>>[] = [];
  const sub: Subscription = fleet.nats.subscribe(fleet.subject(`events.auth.${type}`), {
    callback: (error, msg) => {
      if (!error) events.push(msg.json<CloudEvent<Record<string, unknown>>>());
    },
  });
  await fleet.nats.flush(); // the subscription is known to the server before anything is published
  return { events, stop: () => sub.unsubscribe() };
}

describe('account management through the gateway', () => {
  let fleet: TestFleet;
  let api: ApiClient;

  beforeAll(async () => {
    ({ fleet, api } = await startAuthFleet());
  });
  afterAll(() => fleet?.close());

  describe('profile', () => {
    it('updates name and avatar with PUT /api/auth/profile and /api/auth/me shows them', async () => {
      const user = await registerUser(api);
      const update = await api.put(
        '/api/auth/profile',
        { name: 'Renamed Person', avatar_url: 'https://cdn.example.com/a.png' },
        { token: user.accessToken },
      );
      expect(update.status).toBe(200);
      expect(update.body).toMatchObject({
        id: user.id,
        email: user.email,
        name: 'Renamed Person',
        avatar_url: 'https://cdn.example.com/a.png',
      });
      expect(update.body).not.toHaveProperty('password_hash');

      const me = await api.get('/api/auth/me', { token: user.accessToken });
      expect(me.status).toBe(200);
      expect(me.body).toMatchObject({ id: user.id, name: 'Renamed Person', avatar_url: 'https://cdn.example.com/a.png' });
    });

    it('serves the alias PUT /api/settings/profile and GET /api/settings/profile', async () => {
      const user = await registerUser(api);
      const update = await api.put('/api/settings/profile', { name: 'Via Settings' }, { token: user.accessToken });
      expect(update.status).toBe(200);
      expect(update.body).toMatchObject({ id: user.id, name: 'Via Settings' });

      const profile = await api.get('/api/settings/profile', { token: user.accessToken });
      expect(profile.status).toBe(200);
      expect(profile.body).toMatchObject({ id: user.id, email: user.email, name: 'Via Settings', avatar_url: null });
    });

    it('leaves fields that are not sent unchanged', async () => {
      const user = await registerUser(api, { name: 'Keep Me' });
      const update = await api.put('/api/auth/profile', { avatar_url: 'http://img.example.com/x.jpg' }, { token: user.accessToken });
      expect(update.status).toBe(200);
      const me = await api.get('/api/auth/me', { token: user.accessToken });
      expect(me.body).toMatchObject({ name: 'Keep Me', avatar_url: 'http://img.example.com/x.jpg' });
    });

    it('refuses an avatar_url that is not an http(s) URL with 422 naming the field', async () => {
      const user = await registerUser(api);
      for (const avatar_url of ['not a url', 'ftp://example.com/a.png', 'javascript:alert(1)']) {
        const response = await api.put('/api/auth/profile', { avatar_url }, { token: user.accessToken });
        expect(response.status).toBe(422);
        expect(response.body.error.code).toBe('VALIDATION_ERROR');
        expect(response.body.error.details).toHaveProperty('avatar_url');
      }
      const me = await api.get('/api/auth/me', { token: user.accessToken });
      expect(me.body.avatar_url).toBeNull();
    });

    it('refuses an empty or over-long name with 422', async () => {
      const user = await registerUser(api, { name: 'Original' });
      for (const name of ['', 'x'.repeat(101), 42]) {
        const response = await api.put('/api/auth/profile', { name }, { token: user.accessToken });
        expect(response.status).toBe(422);
        expect(response.body.error.details).toHaveProperty('name');
      }
      expect((await api.get('/api/auth/me', { token: user.accessToken })).body.name).toBe('Original');
    });

    it('answers a null name with 422, never a 500', async () => {
      const user = await registerUser(api, { name: 'Original' });
      const response = await api.put('/api/auth/profile', { name: null }, { token: user.accessToken });
      expect(response.status).toBe(422);
      expect(response.body.error.code).toBe('VALIDATION_ERROR');
      expect((await api.get('/api/auth/me', { token: user.accessToken })).body.name).toBe('Original');
    });

    it('refuses a name that is only whitespace instead of storing an empty name', async () => {
      const user = await registerUser(api, { name: 'Original' });
      const response = await api.put('/api/auth/profile', { name: '   ' }, { token: user.accessToken });
      expect(response.status).toBe(422);
      expect(response.body.error.details).toHaveProperty('name');
      expect((await api.get('/api/auth/me', { token: user.accessToken })).body.name).toBe('Original');
    });

    it('needs a token to update a profile', async () => {
      const response = await api.put('/api/auth/profile', { name: 'Anonymous' });
      expect(response.status).toBe(401);
      expect(response.body.error.code).toBe('UNAUTHORIZED');
    });

    it("never lets another user's update touch my profile", async () => {
      const me = await registerUser(api, { name: 'Alice' });
      const other = await registerUser(api, { name: 'Bob' });
      const update = await api.put(
        '/api/auth/profile',
        { name: 'Mallory', avatar_url: 'https://evil.example.com/x.png' },
        { token: other.accessToken },
      );
      expect(update.status).toBe(200);
      expect(update.body.id).toBe(other.id);

      const mine = await api.get('/api/auth/me', { token: me.accessToken });
      expect(mine.status).toBe(200);
      expect(mine.body).toMatchObject({ id: me.id, email: me.email, name: 'Alice', avatar_url: null });
    });
  });

  describe('password change', () => {
    it('answers a fresh token pair, refuses the old tokens at once, and only the new password signs in', async () => {
      const user = await registerUser(api);
      const newPassword = `${user.password}-new`;
      const change = await api.post(
        '/api/settings/password',
        { current_password: user.password, new_password: newPassword },
        { token: user.accessToken },
      );
      expect(change.status).toBe(200);
      expect(change.body).toMatchObject({ token_type: 'Bearer', expires_in: 3600, user: { id: user.id, email: user.email } });
      expect(change.body.access_token).not.toBe(user.accessToken);
      expect(change.body.refresh_token).not.toBe(user.refreshToken);

      // The old session is over: no waiting, the very next request is refused.
      const oldAccess = await api.get('/api/auth/me', { token: user.accessToken });
      expect(oldAccess.status).toBe(401);
      expect(oldAccess.body.error.code).toBe('UNAUTHORIZED');
      expect((await api.post('/api/auth/refresh', { refresh_token: user.refreshToken })).status).toBe(401);

      // The fresh pair works.
      const fresh = await api.get('/api/auth/me', { token: change.body.access_token });
      expect(fresh.status).toBe(200);
      expect(fresh.body.id).toBe(user.id);
      expect((await api.post('/api/auth/refresh', { refresh_token: change.body.refresh_token })).status).toBe(200);

      const withNew = await api.post('/api/auth/login', { email: user.email, password: newPassword });
      expect(withNew.status).toBe(200);
      const withOld = await api.post('/api/auth/login', { email: user.email, password: user.password });
      expect(withOld.status).toBe(401);
      expect(withOld.body.error.code).toBe('UNAUTHORIZED');
    });

    it('ends the other sessions of the user too', async () => {
      const user = await registerUser(api);
      const otherDevice = await api.post('/api/auth/login', { email: user.email, password: user.password });
      expect(otherDevice.status).toBe(200);
      const change = await api.post(
        '/api/settings/password',
        { current_password: user.password, new_password: `${user.password}-2` },
        { token: user.accessToken },
      );
      expect(change.status).toBe(200);
      expect((await api.get('/api/auth/me', { token: otherDevice.body.access_token })).status).toBe(401);
      expect((await api.post('/api/auth/refresh', { refresh_token: otherDevice.body.refresh_token })).status).toBe(401);
    });

    it('refuses a wrong current password with 422 naming current_password, and changes nothing', async () => {
      const user = await registerUser(api);
      const response = await api.post(
        '/api/settings/password',
        { current_password: 'not-my-password', new_password: 'Another-Pass-123' },
        { token: user.accessToken },
      );
      expect(response.status).toBe(422);
      expect(response.body.error.code).toBe('VALIDATION_ERROR');
      expect(response.body.error.details).toHaveProperty('current_password');
      // Nothing happened: the session lives on and the old password still signs in.
      expect((await api.get('/api/auth/me', { token: user.accessToken })).status).toBe(200);
      expect((await api.post('/api/auth/login', { email: user.email, password: user.password })).status).toBe(200);
      expect((await api.post('/api/auth/login', { email: user.email, password: 'Another-Pass-123' })).status).toBe(401);
    });

    it('refuses a short or common new password with 422 naming new_password', async () => {
      const user = await registerUser(api);
      for (const new_password of ['short', 'password123']) {
        const response = await api.post(
          '/api/settings/password',
          { current_password: user.password, new_password },
          { token: user.accessToken },
        );
        expect(response.status).toBe(422);
        expect(response.body.error.details).toHaveProperty('new_password');
      }
      expect((await api.get('/api/auth/me', { token: user.accessToken })).status).toBe(200);
    });

    it('serves the alias PUT /api/auth/password', async () => {
      const user = await registerUser(api);
      const newPassword = `${user.password}-alias`;
      const change = await api.put(
        '/api/auth/password',
        { current_password: user.password, new_password: newPassword },
        { token: user.accessToken },
      );
      expect(change.status).toBe(200);
      expect(typeof change.body.access_token).toBe('string');
      expect((await api.get('/api/auth/me', { token: user.accessToken })).status).toBe(401);
      expect((await api.post('/api/auth/login', { email: user.email, password: newPassword })).status).toBe(200);
    });
  });

  describe('log out everywhere', () => {
    it('ends every session of the user, yet a new login works', async () => {
      const user = await registerUser(api);
      const first = await api.post('/api/auth/login', { email: user.email, password: user.password });
      const second = await api.post('/api/auth/login', { email: user.email, password: user.password });
      expect(first.status).toBe(200);
      expect(second.status).toBe(200);
      const bystander = await registerUser(api);

      const response = await api.post('/api/auth/logout-all', undefined, { token: first.body.access_token });
      expect(response.status).toBe(200);
      // The registration session and the two logins.
      expect(response.body.revoked_sessions).toBeGreaterThanOrEqual(3);

      for (const token of [user.accessToken, first.body.access_token, second.body.access_token]) {
        expect((await api.get('/api/auth/me', { token })).status).toBe(401);
      }
      for (const refresh_token of [first.body.refresh_token, second.body.refresh_token]) {
        expect((await api.post('/api/auth/refresh', { refresh_token })).status).toBe(401);
      }
      // Another user's session is untouched.
      expect((await api.get('/api/auth/me', { token: bystander.accessToken })).status).toBe(200);

      const again = await api.post('/api/auth/login', { email: user.email, password: user.password });
      expect(again.status).toBe(200);
      expect((await api.get('/api/auth/me', { token: again.body.access_token })).status).toBe(200);
    });
  });

  describe('account deletion', () => {
    it('needs the password: none or a wrong one is 422 and the account stays', async () => {
      const user = await registerUser(api);
      const none = await api.delete('/api/auth/account', { token: user.accessToken });
      expect(none.status).toBe(422);
      expect(none.body.error.code).toBe('VALIDATION_ERROR');
      expect(none.body.error.details).toHaveProperty('password');

      const emptyObject = await api.delete('/api/auth/account', { token: user.accessToken, body: {} });
      expect(emptyObject.status).toBe(422);

      const wrong = await api.delete('/api/auth/account', { token: user.accessToken, body: { password: 'wrong-password' } });
      expect(wrong.status).toBe(422);
      expect(wrong.body.error.details).toHaveProperty('password');

      expect((await api.get('/api/auth/me', { token: user.accessToken })).status).toBe(200);
      expect((await api.post('/api/auth/login', { email: user.email, password: user.password })).status).toBe(200);
    });

    it('deletes with the right password: 204 with no body, every token refused, login refused, the email free again', async () => {
      const deleted = await listen(fleet, 'user.deleted');
      try {
        const user = await registerUser(api);
        const otherSession = await api.post('/api/auth/login', { email: user.email, password: user.password });
        expect(otherSession.status).toBe(200);

        const response = await api.delete('/api/auth/account', { token: user.accessToken, body: { password: user.password } });
        expect(response.status).toBe(204);
        expect(response.text).toBe('');

        expect((await api.get('/api/auth/me', { token: user.accessToken })).status).toBe(401);
        expect((await api.get('/api/auth/me', { token: otherSession.body.access_token })).status).toBe(401);
        expect((await api.post('/api/auth/refresh', { refresh_token: otherSession.body.refresh_token })).status).toBe(401);
        const login = await api.post('/api/auth/login', { email: user.email, password: user.password });
        expect(login.status).toBe(401);
        expect(login.body.error.code).toBe('UNAUTHORIZED');

        const event = await eventually(async () => {
          const found = deleted.events.find((e) => e.subject === user.id);
          if (!found) throw new Error('no user.deleted event yet');
          return found;
        }, 3000);
        expect(event).toMatchObject({ specversion: '1.0', type: 'user.deleted', subject: user.id, data: { user_id: user.id } });

        const again = await api.post('/api/auth/register', { email: user.email, password: user.password, name: 'Back Again' });
        expect(again.status).toBe(201);
        expect(again.body.user.id).not.toBe(user.id);
        expect(again.body.user).toMatchObject({ email: user.email, name: 'Back Again' });
        // The new account is a different user: the revocation of the old one does not touch it.
        expect((await api.get('/api/auth/me', { token: again.body.access_token })).status).toBe(200);
      } finally {
        deleted.stop();
      }
    });
  });

  describe('events', () => {
    it('publishes user.registered as a CloudEvent whose subject is the user id and data {user_id, email, name, roles}', async () => {
      const registered = await listen(fleet, 'user.registered');
      try {
        const user = await registerUser(api, { name: 'Evented User' });
        const event = await eventually(async () => {
          const found = registered.events.find((e) => (e.data as { user_id?: string }).user_id === user.id);
          if (!found) throw new Error('no user.registered event yet');
          return found;
        }, 3000);
        expect(event).toMatchObject({
          specversion: '1.0',
          type: 'user.registered',
          subject: user.id,
          datacontenttype: 'application/json',
          data: { user_id: user.id, email: user.email, name: 'Evented User', roles: ['user'] },
        });
        expect(typeof event.id).toBe('string');
        expect(Number.isNaN(Date.parse(event.time))).toBe(false);
        expect(JSON.stringify(event.data)).not.toMatch(/password/i);
      } finally {
        registered.stop();
      }
    });
  });
});
