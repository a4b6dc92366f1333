import type { Subscription } from '@nats-io/transport-node';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { ApiClient, ApiResponse, eventually, RegisteredUser, registerUser, TestFleet } from '@sf/testing';
import { timeStep, totpAt } from '../../../apps/auth/src/two-factor/totp';
import { startAuthFleet } from '../fleet';

const MAX_FAILURES = 3;
const LOCK_SECONDS = 2;

describe('sign-in lockout after repeated failures', () => {
  let fleet: TestFleet;
  let api: ApiClient;

  beforeAll(async () => {
    ({ fleet, api } = await startAuthFleet({ LOGIN_MAX_FAILURES: String(MAX_FAILURES), LOGIN_LOCK_SECONDS: String(LOCK_SECONDS) }));
  });
  afterAll(() => fleet?.close());

  const login = (user: { email: string }, password: string): Promise<ApiResponse> =>
    api.post('/api/auth/login', { email: user.email, password });

  function expectLocked(response: ApiResponse): void {
    expect(response.status).toBe(429);
    expect(response.body.error.code).toBe('RATE_LIMIT_EXCEEDED');
    const retryAfter = response.headers.get('retry-after');
    expect(retryAfter).toMatch(/^\d+$/);
    expect(Number(retryAfter)).toBeGreaterThanOrEqual(1);
    expect(Number(retryAfter)).toBeLessThanOrEqual(LOCK_SECONDS);
  }

  async function failTimes(user: RegisteredUser, times: number): Promise<ApiResponse[]> {
    const responses: ApiResponse[] = [];
    for (let i = 0; i < times; i++) responses.push(await login(user, `wrong-${i}-${user.password}`));
    return responses;
  }

  it('locks the account on the third wrong password with 429 and Retry-After, refuses even the right password, and unlocks after the lock time', async () => {
    const user = await registerUser(api);
    const [first, second, third] = await failTimes(user, MAX_FAILURES);
    expect(first.status).toBe(401);
    expect(second.status).toBe(401);
    expectLocked(third);

    expectLocked(await login(user, user.password));

    // Poll (no fixed sleep) until the lock has run out; the right password then signs in.
    const unlocked = await eventually(
      async () => {
        const response = await login(user, user.password);
        if (response.status !== 200) throw new Error(`still refused: ${response.status}`);
        return response;
      },
      (LOCK_SECONDS + 3) * 1000,
      200,
    );
    expect(unlocked.body.user.id).toBe(user.id);
    expect((await api.get('/api/auth/me', { token: unlocked.body.access_token })).status).toBe(200);

    // The successful sign-in cleared the count: one more mistake is an ordinary 401.
    expect((await login(user, 'one-more-typo')).status).toBe(401);
  });

  it('keeps the existing sessions of a locked account working', async () => {
    const user = await registerUser(api);
    const responses = await failTimes(user, MAX_FAILURES);
    expectLocked(responses[MAX_FAILURES - 1]);
    expect((await api.get('/api/auth/me', { token: user.accessToken })).status).toBe(200);
  });

  it('does not lock another account when one account fails', async () => {
    const a = await registerUser(api);
    const b = await registerUser(api);
    const responses = await failTimes(a, MAX_FAILURES);
    expectLocked(responses[MAX_FAILURES - 1]);

    const bLogin = await login(b, b.password);
    expect(bLogin.status).toBe(200);
    expect(bLogin.body.user.id).toBe(b.id);
    // B's own budget is untouched: a mistake is a 401, not a lock.
    expect((await login(b, 'typo-typo')).status).toBe(401);
    expect((await login(b, b.password)).status).toBe(200);
  });

  it('answers an unknown email exactly like a wrong password, and never with a lock', async () => {
    const user = await registerUser(api);
    const wrongPassword = await login(user, 'definitely-wrong');
    const unknown = { email: `ghost-${randomBytes(6).toString('hex')}@example.test` };
    const responses: ApiResponse[] = [];
    for (let i = 0; i <= MAX_FAILURES; i++) responses.push(await login(unknown, 'definitely-wrong'));

    expect(wrongPassword.status).toBe(401);
    for (const response of responses) {
      expect(response.status).toBe(401);
      expect(response.body.error).toEqual(wrongPassword.body.error);
    }
  });

  it('resets the failure count on a successful sign-in', async () => {
    const user = await registerUser(api);
    for (const response of await failTimes(user, MAX_FAILURES - 1)) expect(response.status).toBe(401);
    expect((await login(user, user.password)).status).toBe(200);
    for (const response of await failTimes(user, MAX_FAILURES - 1)) expect(response.status).toBe(401);
    expect((await login(user, user.password)).status).toBe(200);
  });

  it('counts wrong second-factor codes as failures, so a 2FA code cannot be guessed past the limit', async () => {
    const user = await registerUser(api);
    const setup = await api.post('/api/auth/2fa/setup', undefined, { token: user.accessToken });
    const secret: string = setup.body.secret;
    const step = timeStep(Date.now());
    expect((await api.post('/api/auth/2fa/verify', { code: totpAt(secret, step) }, { token: user.accessToken })).status).toBe(200);

    const challengeResponse = await login(user, user.password);
    expect(challengeResponse.body.error.code).toBe('TWO_FACTOR_REQUIRED');
    const challenge_token: string = challengeResponse.body.error.details.challenge_token;

    const valid = new Set([-2, -1, 0, 1, 2].map((d) => totpAt(secret, timeStep(Date.now()) + d)));
    const wrongCodes = ['111111', '222222', '333333', '444444', '555555'].filter((c) => !valid.has(c)).slice(0, MAX_FAILURES);
    const results: ApiResponse[] = [];
    for (const code of wrongCodes) results.push(await api.post('/api/auth/verify-2fa', { challenge_token, code }));
    expect(results[0].status).toBe(401);
    expect(results[1].status).toBe(401);
    expectLocked(results[2]);

    // Even the right code is refused while the account is locked.
    expectLocked(await api.post('/api/auth/verify-2fa', { challenge_token, code: totpAt(secret, step + 1) }));
  });

  it('lifts a lock as soon as the password is reset', async () => {
    const user = await registerUser(api);
    const events: { data: { email: string; reset_token: string } }[] = [];
    const sub: Subscription = fleet.nats.subscribe(fleet.subject('events.auth.auth.password_reset_requested'), {
      callback: (error, msg) => {
        if (!error) events.push(msg.json());
      },
    });
    const db = new Client({ connectionString: fleet.adminDatabaseUrl });
    try {
      await fleet.nats.flush();
      await db.connect();
      const responses = await failTimes(user, MAX_FAILURES);
      expectLocked(responses[MAX_FAILURES - 1]);
      // Stretch the lock so the assertion below cannot pass merely because it ran out.
      await db.query(`UPDATE auth.users SET locked_until = now() + interval '1 hour' WHERE id = $1`, [user.id]);
      expect((await login(user, user.password)).status).toBe(429);

      expect((await api.post('/api/auth/password/reset', { email: user.email })).status).toBe(200);
      const token = await eventually(async () => {
        const event = events.find((e) => e.data.email === user.email);
        if (!event) throw new Error('no reset event yet');
        return event.data.reset_token;
      }, 3000);
      expect((await api.put(`/api/auth/password/reset/${token}`, { password: 'Unlocked-By-Reset-1' })).status).toBe(200);

      expect((await login(user, 'Unlocked-By-Reset-1')).status).toBe(200);
    } finally {
      sub.unsubscribe();
      await db.end().catch(() => undefined);
    }
  });
});
