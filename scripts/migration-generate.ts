// Writes a migration with whatever the service's entities need beyond its existing migrations:
//   npm run build && node dist/scripts/migration-generate.js auth AddSomething
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { DEFAULT_DATABASE_URL } from '@sf/config';
import { dropDatabase, provisionDatabase, roleUrl, serviceDataSourceOptions } from '@sf/database';
import { SERVICE_SCHEMAS } from './service-schemas';

async function main(): Promise<void> {
  const [service, name] = process.argv.slice(2);
  const schema = SERVICE_SCHEMAS.find((s) => s.name === service);
  if (!schema || !name || !/^[A-Z][A-Za-z0-9]+$/.test(name)) {
    throw new Error('usage: migration-generate <service> <PascalCaseName>');
  }
  const admin = new URL(process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL);
  admin.pathname = `/sf_migration_${randomBytes(4).toString('hex')}`;
  await provisionDatabase(admin.toString(), [{ name: service, password: service }]);
  const dataSource = new DataSource(
    serviceDataSourceOptions(
      { url: roleUrl(admin.toString(), service, service), schema: service, poolSize: 2 },
      schema.entities,
      schema.migrations,
    ),
  );
  try {
    await dataSource.initialize();
    await dataSource.runMigrations();
    const sql = await dataSource.driver.createSchemaBuilder().log();
    if (sql.upQueries.length === 0) {
      process.stdout.write('No changes: the entities match the migrations.\n');
      return;
    }
    const timestamp = Date.now();
    const quote = (q: string) => '`' + q.replace(/`/g, '\\`').replace(/\$\{/g, '\\${') + '`';
    const up = sql.upQueries.map((q) => `    await runner.query(${quote(q.query)});`).join('\n');
    const down = sql.downQueries
      .reverse()
      .map((q) => `    await runner.query(${quote(q.query)});`)
      .join('\n');
    const file = join('apps', service, 'src', 'migrations', `${timestamp}-${name}.ts`);
    writeFileSync(
      file,
      `import { MigrationInterface, QueryRunner } from 'typeorm';\n\nexport class ${name}${timestamp} implements MigrationInterface {\n  name = '${name}${timestamp}';\n\n  async up(runner: QueryRunner): Promise<void> {\n${up}\n  }\n\n  async down(runner: QueryRunner): Promise<void> {\n${down}\n  }\n}\n`,
    );
    process.stdout.write(`Wrote ${file}; add it to apps/${service}/src/migrations/index.ts\n`);
  } finally {
    if (dataSource.isInitialized) await dataSource.destroy();
    await dropDatabase(admin.toString());
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
