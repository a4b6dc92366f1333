/**
 * For the storage specs only: the storage schema, migrated, in a throw-away database, and file
 * rows made to order. No Jest globals here.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { DEFAULT_DATABASE_URL } from '@sf/config';
import { dropDatabase, provisionDatabase, roleUrl, runMigrationsWithLock, serviceDataSourceOptions } from '@sf/database';
import { STORAGE_SCHEMA } from '../database';
import { fileKey } from '../files/object-keys';
import { StoredFile } from '../files/stored-file.entity';

export class StorageTestDatabase {
  private constructor(
    private readonly adminUrl: string,
    readonly dataSource: DataSource,
  ) {}

  static async create(): Promise<StorageTestDatabase> {
    const admin = new URL(process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL);
    admin.pathname = `/sf_storage_spec_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
    await provisionDatabase(admin.toString(), [{ name: 'storage', password: 'storage' }]);
    const dataSource = new DataSource(
      serviceDataSourceOptions(
        { url: roleUrl(admin.toString(), 'storage', 'storage'), schema: 'storage', poolSize: 6 },
        STORAGE_SCHEMA.entities,
        STORAGE_SCHEMA.migrations,
      ),
    );
    await dataSource.initialize();
    await runMigrationsWithLock(dataSource, 'storage');
    return new StorageTestDatabase(admin.toString(), dataSource);
  }

  /** A file row: by default a recorded 100-byte document of a new user. */
  file(overrides: Partial<StoredFile> = {}): Promise<StoredFile> {
    const id = overrides.id ?? randomUUID();
    const userId = overrides.userId ?? randomUUID();
    return this.dataSource.getRepository(StoredFile).save({
      id,
      userId,
      status: 'ready',
      category: 'document',
      originalFilename: 'notes.txt',
      objectKey: fileKey(userId, id, 'notes.txt'),
      contentType: 'text/plain',
      size: 100,
      uploadKind: 'multipart',
      uploadId: null,
      uploadExpiresAt: null,
      previewStatus: 'none',
      previewKey: null,
      uploadedAt: new Date(),
      deletingSince: null,
      ...overrides,
    } as StoredFile);
  }

  row(id: string): Promise<StoredFile | null> {
    return this.dataSource.getRepository(StoredFile).findOneBy({ id });
  }

  async close(): Promise<void> {
    await this.dataSource.destroy();
    await dropDatabase(this.adminUrl);
  }
}
