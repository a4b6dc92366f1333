import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ApiClient, eventually, runPythonScript, TestFleet } from '@sf/testing';
import { authService, platformService, startFleet } from './fleet';
import { SoftFactoryClient } from './seed-clients/softfactory-client';

/**
 * The example clients of seeds/000 ("SoftFactory API Integration Guide") must work unchanged
 * against the gateway: the JavaScript class runs in-process, the Python classes with python3.
 */
const PYTHON_CLIENT = path.join(__dirname, 'seed-clients', 'client.py');
const JS_CLIENT = path.join(__dirname, 'seed-clients', 'softfactory-client.js');
const SEED = path.resolve(__dirname, '../../../shared/seeds/000_a5d986c196a8dc34.txt');
const SEED_PASSWORD = 'SecurePassword123';

function runPython(args: string[]): Promise<any> {
  return runPythonScript(PYTHON_CLIENT, args, { timeoutMs: 20_000 });
}

function freshEmail(tag: string): string {
  return `${tag}-${randomBytes(5).toString('hex')}@example.com`;
}

describe('the seed example clients against the gateway', () => {
  let fleet: TestFleet;
  let api: ApiClient;

  beforeAll(async () => {
    ({ fleet, api } = await startFleet([authService, platformService]));
  });
  afterAll(() => fleet?.close());

  /** Registers through the API with the seed's own example password. */
  async function seedUser(tag: string): Promise<{ id: string; email: string }> {
    const email = freshEmail(tag);
    const response = await api.post('/api/auth/register', { email, password: SEED_PASSWORD, name: 'John Doe' });
    expect(response.status).toBe(201);
    return { id: response.body.user.id, email };
  }

  // The seed documents sit beside the repository in development and CI; a lone clone has none to compare.
  (existsSync(SEED) ? it : it.skip)('runs the seed classes verbatim (the helper files hold the seed text unchanged)', () => {
    const seed = readFileSync(SEED, 'utf8');
    const verbatim = (file: string) =>
      [...readFileSync(file, 'utf8').matchAll(/---- BEGIN VERBATIM[^\n]*\n([\s\S]*?)(?:\/\/|#) ---- END VERBATIM ----/g)].map((m) => m[1]);
    const js = verbatim(JS_CLIENT);
    const py = verbatim(PYTHON_CLIENT);
    expect(js).toHaveLength(1);
    expect(py).toHaveLength(2);
    for (const block of [...js, ...py]) {
      expect(block.length).toBeGreaterThan(500);
      expect(seed).toContain(block.trimEnd());
    }
    expect(js[0]).toMatch(/^class SoftFactoryClient \{/);
    expect(py[0]).toMatch(/^class SoftFactoryClient:/);
    expect(py[1]).toMatch(/^class SoftFactoryAPI:/);
  });

  describe('JavaScript SoftFactoryClient', () => {
    it('logs in, reads /api/auth/me, refreshes with rotation and reads /api/auth/me again', async () => {
      const user = await seedUser('js.client');
      const client = new SoftFactoryClient(fleet.baseUrl, user.email, SEED_PASSWORD);
      expect(await client.login()).toBe(true);
      expect(typeof client.accessToken).toBe('string');
      expect(client.tokenExpiry).toBeInstanceOf(Date);

      const me = await client.get('/api/auth/me');
      expect(me).toMatchObject({ id: user.id, email: user.email, name: 'John Doe' });

      const firstRefresh = client.refreshToken;
      expect(await client.refreshTokens()).toBe(true);
      expect(typeof client.refreshToken).toBe('string');
      expect(client.refreshToken).not.toBe(firstRefresh);
      const again = await client.get('/api/auth/me');
      expect(again).toMatchObject({ id: user.id, email: user.email });
      // The alias the seeds also use.
      expect(await client.get('/api/auth/user')).toMatchObject({ id: user.id });
      // The rotated-out refresh token is dead.
      expect((await api.post('/api/auth/refresh', { refresh_token: firstRefresh })).status).toBe(401);
    });

    it('refreshes on its own once its token expiry has passed, and keeps working', async () => {
      const user = await seedUser('js.autorefresh');
      const client = new SoftFactoryClient(fleet.baseUrl, user.email, SEED_PASSWORD);
      expect(await client.login()).toBe(true);
      const before = client.refreshToken;
      client.tokenExpiry = new Date(Date.now() - 1000);
      expect(await client.get('/api/auth/me')).toMatchObject({ id: user.id });
      expect(client.refreshToken).not.toBe(before);
      expect(client.tokenExpiry.getTime()).toBeGreaterThan(Date.now());
    });

    it('answers false to a wrong password and the contract error body to an unauthenticated call', async () => {
      const user = await seedUser('js.wrong');
      const client = new SoftFactoryClient(fleet.baseUrl, user.email, 'WrongPassword999');
      expect(await client.login()).toBe(false);
      expect(client.accessToken).toBeNull();
      // With no token the client sends "Bearer null"; the gateway answers JSON the client can parse.
      const answer = await client.get('/api/auth/me');
      expect(answer.error.code).toBe('UNAUTHORIZED');
      const refresh = new SoftFactoryClient(fleet.baseUrl, user.email, SEED_PASSWORD);
      expect(await refresh.refreshTokens()).toBe(false);
    });
  });

  describe('Python SoftFactoryClient and SoftFactoryAPI', () => {
    it('SoftFactoryClient: login() is True, refresh_tokens() is True and rotates, get("/api/auth/me") has the user', async () => {
      const user = await seedUser('py.client');
      const result = await runPython(['client', fleet.baseUrl, user.email, SEED_PASSWORD]);
      expect(result.login).toBe(true);
      expect(result.me_before_refresh).toMatchObject({ status: 200, body: { id: user.id, email: user.email } });
      expect(result.refresh).toBe(true);
      expect(result.refresh_token_rotated).toBe(true);
      expect(result.me).toMatchObject({ status: 200, body: { id: user.id, email: user.email, name: 'John Doe' } });
      // The rotated-out refresh token no longer works.
      expect((await api.post('/api/auth/refresh', { refresh_token: result.old_refresh_token })).status).toBe(401);
    });

    it('SoftFactoryAPI: login() and _refresh_token() are True, get("/api/auth/me") has the user, a bodiless post() logs out', async () => {
      const user = await seedUser('py.api');
      const result = await runPython(['api', fleet.baseUrl, user.email, SEED_PASSWORD]);
      expect(result.login).toBe(true);
      expect(result.refresh).toBe(true);
      expect(result.refresh_token_rotated).toBe(true);
      expect(result.me).toMatchObject({ id: user.id, email: user.email });
      expect(result.me).not.toHaveProperty('error');
      // post() with no data sends Content-Type: application/json and an empty body: taken as {}.
      expect(result.logout).not.toHaveProperty('error');
      expect(typeof result.me_after_logout.error).toBe('string');
      expect(JSON.parse(result.me_after_logout.error).error.code).toBe('UNAUTHORIZED');
    });

    it('SoftFactoryAPI("<base>", token="demo_token").get("/api/auth/me") answers the demo user in demo mode', async () => {
      const result = await runPython(['demo', fleet.baseUrl]);
      expect(result.me).not.toHaveProperty('error');
      expect(result.me).toMatchObject({ email: 'demo@softfactory.dev', name: 'Demo User' });
      expect(typeof result.me.id).toBe('string');
    });

    it("Workflow 1 step 1: requests.post(.../api/auth/register, {email, 'SecurePassword123', 'John Doe'}).json()['access_token'] works", async () => {
      const email = freshEmail('newuser');
      const result = await runPython(['register', fleet.baseUrl, email]);
      expect(result.status).toBe(201);
      expect(typeof result.access_token).toBe('string');
      expect(result.me).toMatchObject({ email, name: 'John Doe' });
    });

    it('SoftFactoryClient usage example: login(), get("/api/auth/me") and get("/api/platform/dashboard") both 200, printed', async () => {
      const user = await seedUser('py.usage');
      // The dashboard's profile comes from auth's user event: wait until the platform has it.
      const result = await eventually(async () => {
        const out = await runPython(['usage', fleet.baseUrl, user.email, SEED_PASSWORD]);
        expect(out.dashboard?.user).toEqual({ id: user.id, name: 'John Doe', email: user.email });
        return out;
      }, 20_000);
      expect(result.me_status).toBe(200);
      expect(result.dashboard_status).toBe(200);
      expect(result.dashboard).toMatchObject({ subscriptions: [], unread_notifications: 0 });
      expect(result.dashboard.products).toHaveLength(5);
      expect(result.printed).toHaveLength(2);
      expect(result.printed[1]).toContain(user.email);
    });

    it("the demo token reads the demo user's dashboard in demo mode", async () => {
      await eventually(async () => {
        const dashboard = await api.get('/api/platform/dashboard', { token: 'demo_token' });
        expect(dashboard.status).toBe(200);
        expect(dashboard.body.user).toMatchObject({ email: 'demo@softfactory.dev', name: 'Demo User' });
      }, 10_000);
    });

    it('SoftFactoryClient: login() is False for a wrong password', async () => {
      const user = await seedUser('py.wrong');
      await expect(runPython(['client', fleet.baseUrl, user.email, 'WrongPassword999'])).resolves.toMatchObject({ login: false });
    });
  });
});
