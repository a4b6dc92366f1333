/**
 * For the storage specs only: the storage schema, migrated, in a throw-away database, and file
 * rows made to order. No Jest globals here.
 */
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { ServiceTestDatabase } from '@sf/testing';
import { STORAGE_SCHEMA } from '../database';
import { fileKey } from '../files/object-keys';
import { StoredFile } from '../files/stored-file.entity';

export class StorageTestDatabase {
  private constructor(private readonly database: ServiceTestDatabase) {}

  get dataSource(): DataSource {
    return this.database.dataSource;
  }

  static async create(): Promise<StorageTestDatabase> {
    return new StorageTestDatabase(await ServiceTestDatabase.create(STORAGE_SCHEMA));
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

  close(): Promise<void> {
    return this.database.close();
  }
}
