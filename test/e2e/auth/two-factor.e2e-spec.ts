import { Client } from 'pg';
import { ApiClient, RegisteredUser, registerUser, TestFleet } from '@sf/testing';
import { timeStep, totpAt } from '../../../apps/auth/src/two-factor/totp';
import { startAuthFleet } from '../fleet';

/** A six-digit code that matches none of the steps the service could accept right now. */
function wrongCode(secret: string): string {
  const now = timeStep(Date.now());
  const valid = new Set([-2, -1, 0, 1, 2].map((d) => totpAt(secret, now + d)));
  for (let n = 123456; ; n = (n + 1) % 1_000_000) {
    const code = String(n).padStart(6, '0');
    if (!valid.has(code)) return code;
  }
}

interface TwoFactorUser extends RegisteredUser {
  secret: string;
  backupCodes: string[];
  /** The TOTP step the enabling code used; the next usable code is that of `step + 1`. */
  step: number;
}

describe('two-factor authentication through the gateway', () => {
  let fleet: TestFleet;
  let api: ApiClient;

  beforeAll(async () => {
    ({ fleet, api } = await startAuthFleet());
  });
  afterAll(() => fleet?.close());

  /**
   * A user with TOTP switched on, confirmed with the code of the current step. The code of the
   * next step stays usable (one step of drift) for the rest of the test.
   */
  async function userWithTwoFactor(): Promise<TwoFactorUser> {
    const user = await registerUser(api);
    const setup = await api.post('/api/auth/2fa/setup', undefined, { token: user.accessToken });
    expect(setup.status).toBe(200);
    const step = timeStep(Date.now());
    const verify = await api.post('/api/auth/2fa/verify', { code: totpAt(setup.body.secret, step) }, { token: user.accessToken });
    expect(verify.status).toBe(200);
    expect(verify.body).toEqual({ enabled: true });
    return { ...user, secret: setup.body.secret, backupCodes: setup.body.backup_codes, step };
  }

  async function challengeFor(user: RegisteredUser): Promise<string> {
    const login = await api.post('/api/auth/login', { email: user.email, password: user.password });
    expect(login.status).toBe(401);
    expect(login.body.error.code).toBe('TWO_FACTOR_REQUIRED');
    return login.body.error.details.challenge_token;
  }

  it('setup answers a base32 secret, an otpauth URL and ten distinct backup codes; login needs no code until verified', async () => {
    const user = await registerUser(api);
    const setup = await api.post('/api/auth/2fa/setup', undefined, { token: user.accessToken });
    expect(setup.status).toBe(200);
    expect(setup.body.secret).toMatch(/^[A-Z2-7]{16,}$/);
    expect(setup.body.otpauth_url.startsWith('otpauth://totp/')).toBe(true);
    expect(setup.body.otpauth_url).toContain(`secret=${setup.body.secret}`);
    expect(setup.body.backup_codes).toHaveLength(10);
    expect(new Set(setup.body.backup_codes).size).toBe(10);

    const me = await api.get('/api/auth/me', { token: user.accessToken });
    expect(me.body.two_factor_enabled).toBe(false);
    const login = await api.post('/api/auth/login', { email: user.email, password: user.password });
    expect(login.status).toBe(200);
    expect(typeof login.body.access_token).toBe('string');
  });

  it('verify refuses a wrong code with 401, turns 2FA on with the right one, and a second setup is 409', async () => {
    const user = await registerUser(api);
    const setup = await api.post('/api/auth/2fa/setup', undefined, { token: user.accessToken });
    const secret: string = setup.body.secret;

    const wrong = await api.post('/api/auth/2fa/verify', { code: wrongCode(secret) }, { token: user.accessToken });
    expect(wrong.status).toBe(401);
    expect(wrong.body.error.code).toBe('UNAUTHORIZED');
    expect((await api.get('/api/auth/me', { token: user.accessToken })).body.two_factor_enabled).toBe(false);

    const right = await api.post('/api/auth/2fa/verify', { code: totpAt(secret, timeStep(Date.now())) }, { token: user.accessToken });
    expect(right.status).toBe(200);
    expect(right.body).toEqual({ enabled: true });
    expect((await api.get('/api/auth/me', { token: user.accessToken })).body.two_factor_enabled).toBe(true);

    const again = await api.post('/api/auth/2fa/setup', undefined, { token: user.accessToken });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('CONFLICT');
    const reverify = await api.post(
      '/api/auth/2fa/verify',
      { code: totpAt(secret, timeStep(Date.now()) + 1) },
      { token: user.accessToken },
    );
    expect(reverify.status).toBe(409);
  });

  it('verify before any setup is 409', async () => {
    const user = await registerUser(api);
    const response = await api.post('/api/auth/2fa/verify', { code: '123456' }, { token: user.accessToken });
    expect(response.status).toBe(409);
  });

  it('login without a code answers TWO_FACTOR_REQUIRED with a challenge that /verify-2fa completes with a TOTP code', async () => {
    const user = await userWithTwoFactor();
    const login = await api.post('/api/auth/login', { email: user.email, password: user.password });
    expect(login.status).toBe(401);
    expect(login.body.error.code).toBe('TWO_FACTOR_REQUIRED');
    expect(login.body).not.toHaveProperty('access_token');
    const challenge: string = login.body.error.details.challenge_token;
    expect(typeof challenge).toBe('string');

    // The challenge proves the password step only: it is no access token.
    const asAccess = await api.get('/api/auth/me', { token: challenge });
    expect(asAccess.status).toBe(401);
    expect(asAccess.body.error.code).toBe('UNAUTHORIZED');

    const wrong = await api.post('/api/auth/verify-2fa', { challenge_token: challenge, code: wrongCode(user.secret) });
    expect(wrong.status).toBe(401);
    expect(wrong.body.error.code).toBe('UNAUTHORIZED');

    const forged = await api.post('/api/auth/verify-2fa', {
      challenge_token: `${challenge.slice(0, -4)}AAAA`,
      code: totpAt(user.secret, user.step + 1),
    });
    expect(forged.status).toBe(401);
    // An access token is not a challenge either.
    const accessAsChallenge = await api.post('/api/auth/verify-2fa', {
      challenge_token: user.accessToken,
      code: totpAt(user.secret, user.step + 1),
    });
    expect(accessAsChallenge.status).toBe(401);

    const right = await api.post('/api/auth/verify-2fa', { challenge_token: challenge, code: totpAt(user.secret, user.step + 1) });
    expect(right.status).toBe(200);
    expect(right.body).toMatchObject({ token_type: 'Bearer', expires_in: 3600, user: { id: user.id, two_factor_enabled: true } });
    expect(typeof right.body.refresh_token).toBe('string');
    const me = await api.get('/api/auth/me', { token: right.body.access_token });
    expect(me.status).toBe(200);
    expect(me.body.id).toBe(user.id);
  });

  it('signs in in one step with {email, password, totp_code}; a wrong password consumes nothing and a used code cannot be replayed', async () => {
    const user = await userWithTwoFactor();
    const next = totpAt(user.secret, user.step + 1);

    // The code that switched 2FA on is spent.
    expect(
      (await api.post('/api/auth/login', { email: user.email, password: user.password, totp_code: totpAt(user.secret, user.step) })).status,
    ).toBe(401);

    const wrongPassword = await api.post('/api/auth/login', { email: user.email, password: 'not-the-password', totp_code: next });
    expect(wrongPassword.status).toBe(401);
    expect(wrongPassword.body.error.code).toBe('UNAUTHORIZED');

    const login = await api.post('/api/auth/login', { email: user.email, password: user.password, totp_code: next });
    expect(login.status).toBe(200);
    expect(login.body.user.id).toBe(user.id);
    expect((await api.get('/api/auth/me', { token: login.body.access_token })).status).toBe(200);

    const replay = await api.post('/api/auth/login', { email: user.email, password: user.password, totp_code: next });
    expect(replay.status).toBe(401);
    expect(replay.body.error.code).toBe('UNAUTHORIZED');
  });

  it('a backup code signs in exactly once, and GET /2fa/backup-codes counts down', async () => {
    const user = await userWithTwoFactor();
    const status = async () => (await api.get('/api/auth/2fa/backup-codes', { token: user.accessToken })).body;
    expect(await status()).toEqual({ remaining: 10 });

    const first = await api.post('/api/auth/login', { email: user.email, password: user.password, totp_code: user.backupCodes[0] });
    expect(first.status).toBe(200);
    expect(first.body.user.id).toBe(user.id);
    expect(await status()).toEqual({ remaining: 9 });

    const reuse = await api.post('/api/auth/login', { email: user.email, password: user.password, totp_code: user.backupCodes[0] });
    expect(reuse.status).toBe(401);
    expect(await status()).toEqual({ remaining: 9 });

    // Through the challenge too.
    const challenge = await challengeFor(user);
    const viaChallenge = await api.post('/api/auth/verify-2fa', { challenge_token: challenge, code: user.backupCodes[1] });
    expect(viaChallenge.status).toBe(200);
    expect(await status()).toEqual({ remaining: 8 });
    expect((await api.post('/api/auth/verify-2fa', { challenge_token: challenge, code: user.backupCodes[1] })).status).toBe(401);
  });

  it('regenerating backup codes needs a valid code, answers ten new ones, and the old unused ones stop working', async () => {
    const user = await userWithTwoFactor();
    const refused = await api.post('/api/auth/2fa/backup-codes', { code: wrongCode(user.secret) }, { token: user.accessToken });
    expect(refused.status).toBe(401);

    const regenerated = await api.post(
      '/api/auth/2fa/backup-codes',
      { code: totpAt(user.secret, user.step + 1) },
      { token: user.accessToken },
    );
    expect(regenerated.status).toBe(200);
    const fresh: string[] = regenerated.body.backup_codes;
    expect(fresh).toHaveLength(10);
    expect(new Set(fresh).size).toBe(10);
    for (const code of fresh) expect(user.backupCodes).not.toContain(code);
    expect((await api.get('/api/auth/2fa/backup-codes', { token: user.accessToken })).body).toEqual({ remaining: 10 });

    const old = await api.post('/api/auth/login', { email: user.email, password: user.password, totp_code: user.backupCodes[0] });
    expect(old.status).toBe(401);
    const current = await api.post('/api/auth/login', { email: user.email, password: user.password, totp_code: fresh[0] });
    expect(current.status).toBe(200);
    expect((await api.get('/api/auth/2fa/backup-codes', { token: user.accessToken })).body).toEqual({ remaining: 9 });
  });

  it('disable with a wrong code is 401 and keeps 2FA on; with a TOTP code it turns 2FA off and login needs no code', async () => {
    const user = await userWithTwoFactor();
    const wrong = await api.post('/api/auth/2fa/disable', { code: wrongCode(user.secret) }, { token: user.accessToken });
    expect(wrong.status).toBe(401);
    expect((await api.get('/api/auth/me', { token: user.accessToken })).body.two_factor_enabled).toBe(true);
    await challengeFor(user);

    const disable = await api.post('/api/auth/2fa/disable', { code: totpAt(user.secret, user.step + 1) }, { token: user.accessToken });
    expect(disable.status).toBe(200);
    expect(disable.body).toEqual({ enabled: false });
    expect((await api.get('/api/auth/me', { token: user.accessToken })).body.two_factor_enabled).toBe(false);

    const login = await api.post('/api/auth/login', { email: user.email, password: user.password });
    expect(login.status).toBe(200);
    expect(typeof login.body.access_token).toBe('string');
    // The backup codes went with it, and disabling twice is a conflict.
    expect((await api.get('/api/auth/2fa/backup-codes', { token: user.accessToken })).body).toEqual({ remaining: 0 });
    expect((await api.post('/api/auth/2fa/disable', { code: user.backupCodes[0] }, { token: user.accessToken })).status).toBe(409);
    // And it can be set up again.
    expect((await api.post('/api/auth/2fa/setup', undefined, { token: user.accessToken })).status).toBe(200);
  });

  it('disable also accepts a backup code', async () => {
    const user = await userWithTwoFactor();
    const disable = await api.post('/api/auth/2fa/disable', { code: user.backupCodes[3] }, { token: user.accessToken });
    expect(disable.status).toBe(200);
    expect(disable.body).toEqual({ enabled: false });
    expect((await api.post('/api/auth/login', { email: user.email, password: user.password })).status).toBe(200);
  });

  it('refuses API keys on every 2FA route with 403', async () => {
    const user = await registerUser(api);
    const created = await api.post(
      '/api/settings/api-keys',
      { name: '2fa probe', permissions: ['read:profile', 'write:profile'] },
      { token: user.accessToken },
    );
    expect(created.status).toBe(201);
    const apiKey: string = created.body.key;
    // The key itself works where keys are allowed.
    expect((await api.get('/api/auth/me', { apiKey })).status).toBe(200);

    const attempts = [
      api.post('/api/auth/2fa/setup', undefined, { apiKey }),
      api.post('/api/auth/2fa/verify', { code: '123456' }, { apiKey }),
      api.post('/api/auth/2fa/disable', { code: '123456' }, { apiKey }),
      api.get('/api/auth/2fa/backup-codes', { apiKey }),
      api.post('/api/auth/2fa/backup-codes', { code: '123456' }, { apiKey }),
    ];
    for (const response of await Promise.all(attempts)) {
      expect(response.status).toBe(403);
      expect(response.body.error.code).toBe('FORBIDDEN');
    }
    expect((await api.get('/api/auth/me', { token: user.accessToken })).body.two_factor_enabled).toBe(false);
  });

  it('needs a signed-in user for 2FA setup', async () => {
    const response = await api.post('/api/auth/2fa/setup');
    expect(response.status).toBe(401);
  });
  it('a challenge signs in once: replayed with another valid code it is refused, and that code stays unused', async () => {
    const user = await userWithTwoFactor();
    const challenge = await challengeFor(user);
    const first = await api.post('/api/auth/verify-2fa', { challenge_token: challenge, code: user.backupCodes[0] });
    expect(first.status).toBe(200);

    const replay = await api.post('/api/auth/verify-2fa', { challenge_token: challenge, code: user.backupCodes[1] });
    expect(replay.status).toBe(401);
    expect(replay.body.error.message).toBe('Invalid or expired two-factor challenge');
    // The refused attempt spent nothing: the second backup code still completes a fresh challenge.
    const fresh = await api.post('/api/auth/verify-2fa', { challenge_token: await challengeFor(user), code: user.backupCodes[1] });
    expect(fresh.status).toBe(200);
  });

  it('keeps the TOTP secret encrypted at rest', async () => {
    const user = await userWithTwoFactor();
    const db = new Client({ connectionString: fleet.adminDatabaseUrl });
    await db.connect();
    try {
      const { rows } = await db.query('SELECT totp_secret FROM auth.users WHERE id = $1', [user.id]);
      expect(rows[0].totp_secret).toMatch(/^enc:v1:/);
      expect(rows[0].totp_secret).not.toContain(user.secret);
    } finally {
      await db.end();
    }
  });
});
