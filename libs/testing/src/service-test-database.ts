import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { DEFAULT_DATABASE_URL } from '@sf/config';
import { dropDatabase, provisionDatabase, roleUrl, runMigrationsWithLock, serviceDataSourceOptions } from '@sf/database';

/** A service's schema as the service declares it: its name, entities and migrations. */
export interface ServiceSchema {
  name: string;
  entities: Parameters<typeof serviceDataSourceOptions>[1];
  migrations: Parameters<typeof serviceDataSourceOptions>[2];
}

/**
 * One service's schema in a throw-away database, provisioned as in production (its own role,
 * rights on its schema only) and migrated: for specs whose rules live in queries.
 */
export class ServiceTestDatabase {
  private constructor(
    private readonly adminUrl: string,
    readonly dataSource: DataSource,
  ) {}

  static async create(schema: ServiceSchema, poolSize = 6): Promise<ServiceTestDatabase> {
    const admin = new URL(process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL);
    admin.pathname = `/sf_spec_${schema.name}_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
    await provisionDatabase(admin.toString(), [{ name: schema.name, password: schema.name }]);
    const dataSource = new DataSource(
      serviceDataSourceOptions(
        { url: roleUrl(admin.toString(), schema.name, schema.name), schema: schema.name, poolSize },
        schema.entities,
        schema.migrations,
      ),
    );
    try {
      await dataSource.initialize();
      await runMigrationsWithLock(dataSource, schema.name);
    } catch (error) {
      if (dataSource.isInitialized) await dataSource.destroy();
      await dropDatabase(admin.toString());
      throw error;
    }
    return new ServiceTestDatabase(admin.toString(), dataSource);
  }

  async close(): Promise<void> {
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
    await dropDatabase(this.adminUrl);
  }
}
