import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { DEFAULT_DATABASE_URL } from '@sf/config';
import { dropDatabase, provisionDatabase } from './provision';

describe('provisionDatabase', () => {
  const urls = Array.from({ length: 6 }, () => {
    const url = new URL(process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL);
    url.pathname = `/sf_provision_${randomBytes(4).toString('hex')}`;
    return url.toString();
  });
  afterAll(async () => {
    for (const url of urls) await dropDatabase(url);
  });

  it('provisions many databases at once with the same roles (as parallel test fleets do)', async () => {
    const roles = ['auth', 'payment', 'storage', 'coocook'].map((name) => ({ name, password: name }));
    await Promise.all(urls.map((url) => provisionDatabase(url, roles)));
    const client = new Client({ connectionString: urls[0] });
    await client.connect();
    try {
      const { rows } = await client.query(`SELECT nspname FROM pg_namespace WHERE nspname = ANY($1) ORDER BY nspname`, [
        roles.map((r) => r.name),
      ]);
      expect(rows.map((r) => r.nspname)).toEqual(['auth', 'coocook', 'payment', 'storage']);
    } finally {
      await client.end();
    }
  });
});
