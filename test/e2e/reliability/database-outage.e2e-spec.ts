import { Client } from 'pg';
import { eventually, registerUser, TestFleet, ApiClient } from '@sf/testing';
import { authService, startFleet } from '../fleet';

/**
 * The database going away is an outage, not a bug: every service answers 503 (one mapping in the
 * shared RPC error filter), and recovers on its own once the database is back.
 */
describe('a service whose database cannot be reached', () => {
  let fleet: TestFleet;
  let api: ApiClient;
  let admin: Client;
  let database: string;

  beforeAll(async () => {
    ({ fleet, api } = await startFleet([authService]));
    admin = new Client({ connectionString: fleet.adminDatabaseUrl });
    await admin.connect();
    database = new URL(fleet.adminDatabaseUrl).pathname.slice(1);
  });
  afterAll(async () => {
    await admin?.query(`ALTER DATABASE "${database}" CONNECTION LIMIT -1`).catch(() => undefined);
    await admin?.end();
    await fleet?.close();
  });

  it('answers 503 SERVICE_UNAVAILABLE (never 500) for reads and writes, then recovers by itself', async () => {
    const user = await registerUser(api);

    // Cut the service off: no new connections to this database for non-superusers, and the open ones killed.
    await admin.query(`ALTER DATABASE "${database}" CONNECTION LIMIT 0`);
    await admin.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND usename = 'auth'`, [database]);

    const answers = [];
    for (let i = 0; i < 3; i++) {
      answers.push(await api.get('/api/auth/me', { token: user.accessToken }));
      answers.push(
        await api.post('/api/auth/register', { email: `outage-${i}-${Date.now()}@example.test`, password: 'Outage-pass-123', name: 'Out' }),
      );
    }
    for (const answer of answers) {
      expect(answer.status).toBe(503);
      expect(answer.body.error.code).toBe('SERVICE_UNAVAILABLE');
    }

    await admin.query(`ALTER DATABASE "${database}" CONNECTION LIMIT -1`);
    await eventually(async () => expect((await api.get('/api/auth/me', { token: user.accessToken })).status).toBe(200), 15_000, 200);
  });
});
