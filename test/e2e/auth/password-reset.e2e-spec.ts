import type { Subscription } from '@nats-io/transport-node';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import type { CloudEvent } from '@sf/events';
import { ApiClient, eventually, RegisteredUser, registerUser, TestFleet } from '@sf/testing';
import type { AuthEventMap } from '@sf/contracts';
import { startAuthFleet } from '../fleet';

type ResetRequestedEvent = CloudEvent<AuthEventMap['auth.password_reset_requested']>;

const SAME_ANSWER_FOR_EVERY_EMAIL = 200;

describe('password reset through the gateway', () => {
  let fleet: TestFleet;
  let api: ApiClient;
  let subscription: Subscription;
  const events: ResetRequestedEvent[] = [];

  beforeAll(async () => {
    ({ fleet, api } = await startAuthFleet());
    subscription = fleet.nats.subscribe(fleet.subject('events.auth.auth.password_reset_requested'), {
      callback: (error, msg) => {
        if (!error) events.push(msg.json<ResetRequestedEvent>());
      },
    });
    await fleet.nats.flush();
  });
  afterAll(async () => {
    subscription?.unsubscribe();
    await fleet?.close();
  });

  const eventsFor = (email: string) => events.filter((e) => e.data.email === email.toLowerCase());

  /** Asks for a reset and answers the token the event carried (the email the user would get). */
  async function requestReset(email: string): Promise<string> {
    const before = eventsFor(email).length;
    const response = await api.post('/api/auth/password/reset', { email });
    expect(response.status).toBe(SAME_ANSWER_FOR_EVERY_EMAIL);
    const event = await eventually(async () => {
      const mine = eventsFor(email);
      if (mine.length <= before) throw new Error(`no password_reset_requested event for ${email} yet`);
      return mine[mine.length - 1];
    }, 3000);
    return event.data.reset_token;
  }

  async function expectPassword(user: RegisteredUser, password: string, status: number): Promise<void> {
    const login = await api.post('/api/auth/login', { email: user.email, password });
    expect(login.status).toBe(status);
  }

  it('answers 200 with the same message for known and unknown emails, and only a known email gets a reset event', async () => {
    const user = await registerUser(api);
    const unknownEmail = `nobody-${randomBytes(6).toString('hex')}@example.test`;

    const known = await api.post('/api/auth/password/reset', { email: user.email });
    const unknown = await api.post('/api/auth/password/reset', { email: unknownEmail });
    expect(known.status).toBe(200);
    expect(unknown.status).toBe(200);
    expect(unknown.body).toEqual(known.body);
    expect(typeof known.body.message).toBe('string');

    const event = await eventually(async () => {
      const [found] = eventsFor(user.email);
      if (!found) throw new Error('no event yet');
      return found;
    }, 3000);
    expect(event).toMatchObject({ specversion: '1.0', type: 'auth.password_reset_requested', subject: user.id });
    expect(event.data).toMatchObject({ user_id: user.id, email: user.email });
    expect(event.data.reset_token).toMatch(/^[A-Za-z0-9_-]{20,100}$/);
    expect(event.data.reset_url).toContain(event.data.reset_token);
    expect(event.data.reset_url).toMatch(/^https?:\/\//);
    const expiresAt = Date.parse(event.data.expires_at);
    expect(expiresAt).toBeGreaterThan(Date.now());
    expect(expiresAt).toBeLessThanOrEqual(Date.now() + 61 * 60_000); // default: one hour

    // Bounded wait for the unknown email: events are published before the request is answered,
    // in order, so once a later request's event has arrived any event of the unknown one would have too.
    const marker = await registerUser(api);
    await requestReset(marker.email);
    expect(eventsFor(unknownEmail)).toHaveLength(0);
  });

  it('finds the account whatever the case of the email', async () => {
    const user = await registerUser(api);
    const response = await api.post('/api/auth/password/reset', { email: user.email.toUpperCase() });
    expect(response.status).toBe(200);
    await eventually(async () => {
      if (eventsFor(user.email).length === 0) throw new Error('no event yet');
    }, 3000);
  });

  it('refuses a malformed email with 422', async () => {
    const response = await api.post('/api/auth/password/reset', { email: 'not-an-email' });
    expect(response.status).toBe(422);
    expect(response.body.error.details).toHaveProperty('email');
  });

  it('sets the new password with PUT /password/reset/{token}, ends every session, and the token works once', async () => {
    const user = await registerUser(api);
    const otherDevice = await api.post('/api/auth/login', { email: user.email, password: user.password });
    expect(otherDevice.status).toBe(200);
    const token = await requestReset(user.email);
    const newPassword = `Reset-${randomBytes(6).toString('hex')}`;

    const complete = await api.put(`/api/auth/password/reset/${token}`, { password: newPassword });
    expect(complete.status).toBe(200);
    expect(typeof complete.body.message).toBe('string');

    for (const accessToken of [user.accessToken, otherDevice.body.access_token]) {
      const me = await api.get('/api/auth/me', { token: accessToken });
      expect(me.status).toBe(401);
      expect(me.body.error.code).toBe('UNAUTHORIZED');
    }
    for (const refresh_token of [user.refreshToken, otherDevice.body.refresh_token]) {
      expect((await api.post('/api/auth/refresh', { refresh_token })).status).toBe(401);
    }

    await expectPassword(user, newPassword, 200);
    await expectPassword(user, user.password, 401);

    const reuse = await api.put(`/api/auth/password/reset/${token}`, { password: `${newPassword}-again` });
    expect(reuse.status).toBe(401);
    expect(reuse.body.error.code).toBe('UNAUTHORIZED');
    await expectPassword(user, newPassword, 200);
  });

  it('answers 404 to a malformed token in the path and 401 to a well-formed unknown one', async () => {
    const malformed = await api.put('/api/auth/password/reset/abc', { password: 'Perfectly-Fine-Pass-1' });
    expect(malformed.status).toBe(404);
    expect(malformed.body.error.code).toBe('NOT_FOUND');

    const unknown = await api.put(`/api/auth/password/reset/${randomBytes(32).toString('base64url')}`, {
      password: 'Perfectly-Fine-Pass-1',
    });
    expect(unknown.status).toBe(401);
    expect(unknown.body.error.code).toBe('UNAUTHORIZED');
  });

  it('refuses a weak new password with 422 without spending the token', async () => {
    const user = await registerUser(api);
    const token = await requestReset(user.email);
    for (const password of ['short', 'password123', '']) {
      const response = await api.put(`/api/auth/password/reset/${token}`, { password });
      expect(response.status).toBe(422);
      expect(response.body.error.code).toBe('VALIDATION_ERROR');
      expect(response.body.error.details).toHaveProperty('password');
    }
    await expectPassword(user, user.password, 200);
    const good = await api.put(`/api/auth/password/reset/${token}`, { password: 'A-Much-Better-Pass-9' });
    expect(good.status).toBe(200);
    await expectPassword(user, 'A-Much-Better-Pass-9', 200);
  });

  it('serves the alias POST /api/auth/password/reset/{token}', async () => {
    const user = await registerUser(api);
    const token = await requestReset(user.email);
    const complete = await api.post(`/api/auth/password/reset/${token}`, { password: 'Alias-Route-Pass-7' });
    expect(complete.status).toBe(200);
    await expectPassword(user, 'Alias-Route-Pass-7', 200);
    expect((await api.get('/api/auth/me', { token: user.accessToken })).status).toBe(401);
  });

  it('completing with one token invalidates the other outstanding tokens of the account', async () => {
    const user = await registerUser(api);
    const first = await requestReset(user.email);
    const second = await requestReset(user.email);
    expect(second).not.toBe(first);

    expect((await api.put(`/api/auth/password/reset/${first}`, { password: 'First-Token-Pass-1' })).status).toBe(200);
    const stale = await api.put(`/api/auth/password/reset/${second}`, { password: 'Second-Token-Pass-2' });
    expect(stale.status).toBe(401);
    await expectPassword(user, 'First-Token-Pass-1', 200);
    await expectPassword(user, 'Second-Token-Pass-2', 401);
  });

  it("does not let one account's token touch another account", async () => {
    const victim = await registerUser(api);
    const attacker = await registerUser(api);
    const token = await requestReset(attacker.email);
    expect((await api.put(`/api/auth/password/reset/${token}`, { password: 'Attacker-Pass-123' })).status).toBe(200);
    await expectPassword(victim, victim.password, 200);
    await expectPassword(victim, 'Attacker-Pass-123', 401);
    expect((await api.get('/api/auth/me', { token: victim.accessToken })).status).toBe(200);
  });

  it('refuses an expired token with 401 and leaves the password as it was', async () => {
    const user = await registerUser(api);
    const token = await requestReset(user.email);
    const db = new Client({ connectionString: fleet.adminDatabaseUrl });
    await db.connect();
    try {
      const result = await db.query(`UPDATE auth.password_reset_tokens SET expires_at = now() - interval '1 minute' WHERE user_id = $1`, [
        user.id,
      ]);
      expect(result.rowCount).toBe(1);
    } finally {
      await db.end();
    }

    const response = await api.put(`/api/auth/password/reset/${token}`, { password: 'Too-Late-Pass-42' });
    expect(response.status).toBe(401);
    expect(response.body.error.code).toBe('UNAUTHORIZED');
    await expectPassword(user, user.password, 200);
    await expectPassword(user, 'Too-Late-Pass-42', 401);
    expect((await api.get('/api/auth/me', { token: user.accessToken })).status).toBe(200);
  });
});
