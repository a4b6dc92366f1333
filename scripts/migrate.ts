// Creates the database, each service's role and schema, and runs every service's migrations:
//   DATABASE_URL=postgres://admin@host/softfactory npm run migrate
import { DataSource } from 'typeorm';
import { DEFAULT_DATABASE_URL } from '@sf/config';
import { provisionDatabase, roleUrl, runMigrationsWithLock, serviceDataSourceOptions } from '@sf/database';
import { SERVICE_SCHEMAS } from './service-schemas';

/** The password of a service's role: `<SERVICE>_DB_PASSWORD`, else the role name (local use). */
export function rolePassword(service: string, env: NodeJS.ProcessEnv = process.env): string {
  return env[`${service.toUpperCase()}_DB_PASSWORD`] || service;
}

export async function migrateAll(adminUrl: string, log: (line: string) => void): Promise<void> {
  await provisionDatabase(
    adminUrl,
    SERVICE_SCHEMAS.map((s) => ({ name: s.name, password: rolePassword(s.name) })),
  );
  for (const schema of SERVICE_SCHEMAS) {
    const url = process.env[`${schema.name.toUpperCase()}_DATABASE_URL`] || roleUrl(adminUrl, schema.name, rolePassword(schema.name));
    const dataSource = new DataSource(
      serviceDataSourceOptions({ url, schema: schema.name, poolSize: 2 }, schema.entities, schema.migrations),
    );
    await dataSource.initialize();
    try {
      const applied = await runMigrationsWithLock(dataSource, schema.name);
      log(`${schema.name}: ${applied.length ? `applied ${applied.join(', ')}` : 'up to date'}`);
    } finally {
      await dataSource.destroy();
    }
  }
}

if (require.main === module) {
  migrateAll(process.env.DATABASE_URL || DEFAULT_DATABASE_URL, (line) => process.stdout.write(`${line}\n`)).catch((error: unknown) => {
    process.stderr.write(`migrate failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
