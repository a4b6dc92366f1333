import { Client } from 'pg';
import { eventually, TestFleet } from '@sf/testing';
import { authService, coocookService, startFleet } from '../fleet';

/**
 * A service is a Nest application with a NATS microservice attached: its modules' init and
 * bootstrap hooks must run once, or every relay, consumer and timer runs twice.
 */
describe('service lifecycle hooks', () => {
  let fleet: TestFleet;

  beforeAll(async () => {
    ({ fleet } = await startFleet([authService, coocookService]));
  });
  afterAll(() => fleet?.close());

  it('start one outbox relay per service (one LISTEN connection each)', async () => {
    const db = new Client({ connectionString: fleet.adminDatabaseUrl });
    await db.connect();
    try {
      const database = new URL(fleet.adminDatabaseUrl).pathname.slice(1);
      await eventually(async () => {
        const { rows } = await db.query<{ usename: string; listeners: number }>(
          `SELECT usename, count(*)::int AS listeners FROM pg_stat_activity
            WHERE datname = $1 AND query ILIKE 'LISTEN%' GROUP BY usename ORDER BY usename`,
          [database],
        );
        expect(rows).toEqual([
          { usename: 'auth', listeners: 1 },
          { usename: 'coocook', listeners: 1 },
        ]);
      }, 10_000);
    } finally {
      await db.end();
    }
  });
});
