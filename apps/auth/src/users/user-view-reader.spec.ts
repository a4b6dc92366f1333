import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { systemContext } from '@sf/contracts';
import { ServiceTestDatabase } from '@sf/testing';
import { AUTH_SCHEMA } from '../database';
import { loadCaller } from '../accounts/load-caller';
import { UserViewReader } from './user-view-reader';
import { User } from '../accounts/user.entity';
import { toUserView } from '../accounts/user.view';

describe('UserViewReader', () => {
  let database: ServiceTestDatabase;
  let source: DataSource;
  let reader: UserViewReader;

  beforeAll(async () => {
    database = await ServiceTestDatabase.create(AUTH_SCHEMA, 2);
    source = database.dataSource;
    reader = new UserViewReader(source);
  });
  afterAll(() => database?.close());

  const ctxOf = (userId: string | null) => ({ ...systemContext('req_test'), user_id: userId });

  it('reads exactly the view that toUserView makes from the entity', async () => {
    const user = await source.getRepository(User).save(
      source.getRepository(User).create({
        email: 'view@example.com',
        name: 'Ünïcode "quoted" name',
        passwordHash: 'secret-hash',
        roles: ['user', 'chef'],
        tier: 'premium',
        avatarUrl: 'https://cdn.example.com/a.png',
        totpSecret: 'SECRET',
        totpEnabled: true,
      }),
    );
    await source.query(`UPDATE users SET created_at = '2026-01-02 03:04:05.678999+00' WHERE id = $1`, [user.id]);
    const expected = toUserView(await loadCaller(source, ctxOf(user.id)));
    const view = await reader.read(ctxOf(user.id));
    expect(view).toEqual(expected);
    expect(view.created_at).toBe('2026-01-02T03:04:05.678Z');
    expect(JSON.stringify(view)).not.toMatch(/secret/i);
  });

  it('answers NOT_FOUND for a user that does not exist, or no user at all', async () => {
    await expect(reader.read(ctxOf(randomUUID()))).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(reader.read(ctxOf(null))).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(reader.read(ctxOf('not-a-uuid'))).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('answers reads made together with one query, each its own row', async () => {
    const users = await Promise.all(
      ['a', 'b', 'c'].map((name) =>
        source
          .getRepository(User)
          .save(source.getRepository(User).create({ email: `${name}@batch.example.com`, name, roles: ['user'], tier: 'free' })),
      ),
    );
    const queries: unknown[] = [];
    const pool = (source.driver as unknown as { master: { query: (...args: unknown[]) => unknown } }).master;
    const query = pool.query.bind(pool);
    pool.query = (...args: unknown[]) => (queries.push(args[0]), query(...args));
    try {
      const missing = randomUUID();
      const results = await Promise.allSettled([
        ...users.map((u) => reader.read(ctxOf(u.id))),
        reader.read(ctxOf(users[0].id)),
        reader.read(ctxOf(missing)),
      ]);
      expect(queries).toHaveLength(1);
      expect(results.slice(0, 4).map((r) => (r.status === 'fulfilled' ? r.value.email : r.reason))).toEqual([
        'a@batch.example.com',
        'b@batch.example.com',
        'c@batch.example.com',
        'a@batch.example.com',
      ]);
      expect(results[4]).toMatchObject({ status: 'rejected', reason: { code: 'NOT_FOUND' } });
    } finally {
      pool.query = query;
    }
  });
});
