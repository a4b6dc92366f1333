import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { DEFAULT_DATABASE_URL } from '@sf/config';
import { dropDatabase, provisionDatabase, roleUrl, runMigrationsWithLock, serviceDataSourceOptions } from '@sf/database';
import { SERVICE_SCHEMAS } from '../../scripts/service-schemas';

describe.each(SERVICE_SCHEMAS)('$name migrations', (schema) => {
  const name = schema.name;
  const admin = new URL(process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL);
  admin.pathname = `/sf_migrations_${randomBytes(4).toString('hex')}`;
  const sources: DataSource[] = [];

  const dataSource = async () => {
    const source = new DataSource(
      serviceDataSourceOptions(
        { url: roleUrl(admin.toString(), name, name), schema: name, poolSize: 2 },
        schema.entities,
        schema.migrations,
      ),
    );
    sources.push(await source.initialize());
    return source;
  };

  beforeAll(() => provisionDatabase(admin.toString(), [{ name, password: name }]));
  afterAll(async () => {
    for (const source of sources) if (source.isInitialized) await source.destroy();
    await dropDatabase(admin.toString());
  });

  it('migrates once when replicas start together, under the advisory lock', async () => {
    const [a, b] = await Promise.all([dataSource(), dataSource()]);
    const [appliedA, appliedB] = await Promise.all([runMigrationsWithLock(a, name), runMigrationsWithLock(b, name)]);
    expect([...appliedA, ...appliedB]).toEqual(schema.migrations.map((m) => m.name));
  });

  it('leaves nothing for the entities to change: no entity drifted from its migrations', async () => {
    const source = await dataSource();
    const pending = await source.driver.createSchemaBuilder().log();
    expect(pending.upQueries.map((q) => q.query)).toEqual([]);
  });

  it('keeps the service role inside its own schema', async () => {
    const source = await dataSource();
    await expect(source.query('CREATE TABLE public.intruder (id int)')).rejects.toThrow(/permission denied/);
  });
});
