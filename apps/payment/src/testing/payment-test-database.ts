/**
 * A throw-away database for the payment service's specs: provisioned like production (role and
 * schema `payment`), migrated with the service's own migrations (so the catalogue is seeded).
 * No Jest globals here, so this file type-checks with the build's types too.
 */
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { DEFAULT_DATABASE_URL } from '@sf/config';
import { dropDatabase, provisionDatabase, roleUrl, serviceDataSourceOptions } from '@sf/database';
import { DomainEvents, OutboxRelay } from '@sf/events';
import { PAYMENT_SCHEMA } from '../database';

export class PaymentTestDatabase {
  private constructor(
    private readonly adminUrl: string,
    readonly dataSource: DataSource,
  ) {}

  static async create(): Promise<PaymentTestDatabase> {
    const admin = new URL(process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL);
    admin.pathname = `/sf_paytest_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
    await provisionDatabase(admin.toString(), [{ name: 'payment', password: 'payment' }]);
    const dataSource = new DataSource(
      serviceDataSourceOptions(
        { url: roleUrl(admin.toString(), 'payment', 'payment'), schema: 'payment', poolSize: 30 },
        PAYMENT_SCHEMA.entities,
        PAYMENT_SCHEMA.migrations,
      ),
    );
    await dataSource.initialize();
    await dataSource.runMigrations();
    return new PaymentTestDatabase(admin.toString(), dataSource);
  }

  /** Writes events to the outbox as the service does (nothing publishes them here). */
  domainEvents(): DomainEvents {
    return new DomainEvents('payment', {} as OutboxRelay);
  }

  /** The outbox's events, oldest first. */
  async outbox(): Promise<{ type: string; subject: string; data: Record<string, unknown> }[]> {
    return this.dataSource.query(`SELECT type, subject, data FROM outbox ORDER BY position`);
  }

  async close(): Promise<void> {
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
    await dropDatabase(this.adminUrl);
  }
}
