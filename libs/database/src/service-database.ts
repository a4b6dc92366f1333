import { DataSource, DataSourceOptions, EntitySchema, MixedList } from 'typeorm';
import { EnvReader, DEFAULT_DATABASE_URL } from '@sf/config';

export interface ServiceDatabaseConfig {
  /** Connection URL for the service's own role. */
  url: string;
  schema: string;
  poolSize: number;
}

/**
 * Where a service's database is. `<SERVICE>_DATABASE_URL` wins; otherwise DATABASE_URL with the
 * service's own role (`<service>`, password `<SERVICE>_DB_PASSWORD`, default the role name).
 */
export function readServiceDatabaseConfig(reader: EnvReader, service: string): ServiceDatabaseConfig {
  const prefix = service.toUpperCase();
  const explicit = reader.optionalString(`${prefix}_DATABASE_URL`);
  const url =
    explicit ?? roleUrl(reader.url('DATABASE_URL', DEFAULT_DATABASE_URL), service, reader.string(`${prefix}_DB_PASSWORD`, service));
  return { url, schema: service, poolSize: reader.int('DB_POOL_SIZE', 10, { min: 1, max: 100 }) };
}

/** The admin URL with its user and password replaced by a service role's. */
export function roleUrl(adminUrl: string, role: string, password: string): string {
  const url = new URL(adminUrl);
  url.username = role;
  url.password = password;
  return url.toString();
}

/** TypeORM options for a service: its schema only, migrations never synchronised. */
export function serviceDataSourceOptions(
  config: ServiceDatabaseConfig,
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  entities: MixedList<Function | string | EntitySchema>,
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  migrations: MixedList<Function | string>,
): DataSourceOptions {
  return {
    type: 'postgres',
    url: config.url,
    schema: config.schema,
    entities,
    migrations,
    migrationsTableName: 'migrations',
    migrationsRun: false,
    synchronize: false,
    // gen_random_uuid() is built into Postgres 13+; service roles may not install extensions.
    uuidExtension: 'pgcrypto',
    installExtensions: false,
    logging: ['error'],
    extra: { max: config.poolSize, application_name: config.schema, options: `-c search_path=${config.schema}` },
  };
}

/**
 * Runs pending migrations while holding a Postgres advisory lock, so that replicas starting
 * together migrate once and the others wait for it.
 */
export async function runMigrationsWithLock(dataSource: DataSource, schema: string): Promise<string[]> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock(hashtext($1))', [`migrations:${schema}`]);
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    return applied.map((m) => m.name);
  } finally {
    await runner.query('SELECT pg_advisory_unlock(hashtext($1))', [`migrations:${schema}`]).catch(() => undefined);
    await runner.release();
  }
}

/** Rows of a raw query: TypeORM answers UPDATE/DELETE ... RETURNING with `[rows, count]`. */
export function returnedRows<T>(result: unknown): T[] {
  const isPair = Array.isArray(result) && result.length === 2 && Array.isArray(result[0]) && typeof result[1] === 'number';
  return (isPair ? result[0] : result) as T[];
}
