import { randomBytes, randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { DEFAULT_DATABASE_URL } from '@sf/config';
import { systemContext } from '@sf/contracts';
import { dropDatabase, provisionDatabase, roleUrl, runMigrationsWithLock, serviceDataSourceOptions } from '@sf/database';
import { AUTH_SCHEMA } from '../database';
import { loadCaller, loadCallerView } from './load-caller';
import { User } from './user.entity';
import { toUserView } from './user.view';

describe('loadCallerView', () => {
  const admin = new URL(process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL);
  admin.pathname = `/sf_load_caller_${randomBytes(4).toString('hex')}`;
  let source: DataSource;

  beforeAll(async () => {
    await provisionDatabase(admin.toString(), [{ name: 'auth', password: 'auth' }]);
    source = new DataSource(
      serviceDataSourceOptions(
        { url: roleUrl(admin.toString(), 'auth', 'auth'), schema: 'auth', poolSize: 2 },
        AUTH_SCHEMA.entities,
        AUTH_SCHEMA.migrations,
      ),
    );
    await source.initialize();
    await runMigrationsWithLock(source, 'auth');
  });
  afterAll(async () => {
    await source?.destroy();
    await dropDatabase(admin.toString());
  });

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
    const view = await loadCallerView(source, ctxOf(user.id));
    expect(view).toEqual(expected);
    expect(view.created_at).toBe('2026-01-02T03:04:05.678Z');
    expect(JSON.stringify(view)).not.toMatch(/secret/i);
  });

  it('answers NOT_FOUND for a user that does not exist, or no user at all', async () => {
    await expect(loadCallerView(source, ctxOf(randomUUID()))).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(loadCallerView(source, ctxOf(null))).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
