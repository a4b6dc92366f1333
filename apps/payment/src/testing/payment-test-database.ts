/**
 * A throw-away database for the payment service's specs: provisioned like production (role and
 * schema `payment`), migrated with the service's own migrations (so the catalogue is seeded).
 * No Jest globals here, so this file type-checks with the build's types too.
 */
import { DataSource } from 'typeorm';
import { DomainEvents, OutboxRelay } from '@sf/events';
import { ServiceTestDatabase } from '@sf/testing';
import { PAYMENT_SCHEMA } from '../database';

export class PaymentTestDatabase {
  private constructor(private readonly database: ServiceTestDatabase) {}

  get dataSource(): DataSource {
    return this.database.dataSource;
  }

  static async create(): Promise<PaymentTestDatabase> {
    return new PaymentTestDatabase(await ServiceTestDatabase.create(PAYMENT_SCHEMA, 30));
  }

  /** Writes events to the outbox as the service does (nothing publishes them here). */
  domainEvents(): DomainEvents {
    return new DomainEvents({ nudge: () => undefined } as unknown as OutboxRelay);
  }

  /** The outbox's events, oldest first. */
  async outbox(): Promise<{ type: string; subject: string; data: Record<string, unknown> }[]> {
    return this.dataSource.query(`SELECT type, subject, data FROM outbox ORDER BY position`);
  }

  close(): Promise<void> {
    return this.database.close();
  }
}
