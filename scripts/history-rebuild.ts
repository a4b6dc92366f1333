// Fills admin's event history (and the revenue projection) from the JetStream stream when it is
// empty, e.g. after a restore without that table:
//   npm run history:rebuild [-- --force]
// Reads the admin database as the admin service does (ADMIN_DATABASE_URL, or DATABASE_URL with
// the admin role) and NATS at NATS_URL, under NATS_SUBJECT_PREFIX.
import { connect } from '@nats-io/transport-node';
import { DataSource } from 'typeorm';
import { loadAdminConfig } from '../apps/admin/src/admin.config';
import { ADMIN_SCHEMA } from '../apps/admin/src/database';
import { rebuildHistory } from '../apps/admin/src/history/history-rebuild';
import { runMigrationsWithLock, serviceDataSourceOptions } from '@sf/database';

async function main(): Promise<void> {
  const config = loadAdminConfig(process.env);
  const dataSource = new DataSource(
    serviceDataSourceOptions({ ...config.database, poolSize: 2 }, ADMIN_SCHEMA.entities, ADMIN_SCHEMA.migrations),
  );
  await dataSource.initialize();
  // The history's table comes with admin's migrations; a database restored from an older backup may lack it.
  await runMigrationsWithLock(dataSource, 'admin');
  const nats = await connect({ servers: config.common.natsUrl.split(','), name: 'admin-history-rebuild' });
  try {
    const outcome = await rebuildHistory(dataSource, nats, {
      subjectPrefix: config.common.natsSubjectPrefix,
      force: process.argv.includes('--force'),
      log: (line) => process.stdout.write(`${line}\n`),
    });
    process.stdout.write(
      outcome.skipped ? `nothing done: ${outcome.skipped}\n` : `history rebuilt: ${outcome.read} events read, ${outcome.added} added\n`,
    );
  } finally {
    await nats.close();
    await dataSource.destroy();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`history:rebuild failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
