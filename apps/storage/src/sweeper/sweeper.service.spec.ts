import pino from 'pino';
import { systemContext } from '@sf/contracts';
import { DomainEvents, OutboxRelay } from '@sf/events';
import { FileRemoval } from '../files/file-removal.service';
import { filePrefix, previewKey } from '../files/object-keys';
import { StoredFile } from '../files/stored-file.entity';
import { ObjectStore } from '../s3/object-store';
import { loadStorageConfig } from '../storage.config';
import { MemoryObjectStore } from '../testing/memory-object-store';
import { StorageTestDatabase } from '../testing/storage-test-database';
import { Sweeper, UPLOAD_GRACE_MS } from './sweeper.service';
import { StorageEventLog } from '../events/storage-event-log';

const MINUTE = 60_000;
const TTL_MINUTES = 60;

describe('Sweeper: nothing half-done stays for long', () => {
  let db: StorageTestDatabase;
  let store: MemoryObjectStore;
  let removal: FileRemoval;
  let sweeper: Sweeper;

  beforeAll(async () => {
    db = await StorageTestDatabase.create();
  });
  afterAll(() => db?.close());
  beforeEach(async () => {
    await db.dataSource.query('DELETE FROM files');
    store = new MemoryObjectStore();
    const logger = pino({ level: 'silent' });
    const objectStore = store as unknown as ObjectStore;
    // Events go to the outbox like in the service; nothing publishes them here.
    removal = new FileRemoval(
      db.dataSource,
      objectStore,
      new StorageEventLog(new DomainEvents({ nudge: () => undefined } as unknown as OutboxRelay)),
      logger,
    );
    const config = loadStorageConfig({ S3_BUCKET: 'spec-bucket', STORAGE_UPLOAD_TTL_MINUTES: String(TTL_MINUTES) });
    sweeper = new Sweeper(db.dataSource, objectStore, removal, config, logger);
  });

  /** A recorded file with its object and thumbnail in the store. */
  async function storedFile(): Promise<StoredFile> {
    const file = await db.file({ previewStatus: 'ready' });
    await store.put(file.objectKey, Buffer.from('x'.repeat(100)));
    await store.put(previewKey(file.userId, file.id), Buffer.from('thumbnail'));
    return file;
  }

  it("finishes a deletion whose S3 step failed: the owner's delete answers at once, the sweeper removes the rest", async () => {
    const file = await storedFile();
    store.failNext = 1;
    await removal.delete({ ...systemContext('req_spec'), user_id: file.userId }, file.id);

    // Gone for its owner, announced, but still in S3.
    expect((await db.row(file.id))?.status).toBe('deleting');
    const outbox = (await db.dataSource.query(`SELECT type, subject, data FROM outbox WHERE subject = $1`, [file.id])) as unknown[];
    expect(outbox).toEqual([
      { type: 'file.deleted', subject: file.id, data: { file_id: file.id, user_id: file.userId, file_key: file.objectKey } },
    ]);
    expect(store.keys(filePrefix(file.userId, file.id))).toHaveLength(2);

    expect(await sweeper.sweep()).toMatchObject({ removed: 1, failed: 0 });
    expect(await db.row(file.id)).toBeNull();
    expect(store.keys(filePrefix(file.userId, file.id))).toEqual([]);
  });

  it('keeps the row while S3 stays down and removes it once S3 is back', async () => {
    const file = await storedFile();
    await db.dataSource.query(`UPDATE files SET status = 'deleting', deleting_since = now() WHERE id = $1`, [file.id]);
    store.failNext = 100;
    expect(await sweeper.sweep().catch(() => 'the orphan scan failed too')).toBe('the orphan scan failed too');
    expect(await sweeper.sweepOnce()).toBeNull(); // logged, not thrown: the timer carries on
    expect((await db.row(file.id))?.status).toBe('deleting');
    store.failNext = 0;
    expect(await sweeper.sweep()).toMatchObject({ removed: 1 });
    expect(await db.row(file.id)).toBeNull();
    expect(store.keys(filePrefix(file.userId, file.id))).toEqual([]);
  });

  it('drops uploads abandoned past their URLs’ expiry with their multipart upload, and leaves live ones', async () => {
    const abandoned = await db.file({
      status: 'uploading',
      uploadExpiresAt: new Date(Date.now() - UPLOAD_GRACE_MS - MINUTE),
      uploadId: store.startUpload('users/a/b/big.mp4'),
    });
    const expiredJustNow = await db.file({ status: 'uploading', uploadExpiresAt: new Date(Date.now() - MINUTE) }); // still in its grace
    const live = await db.file({
      status: 'uploading',
      uploadExpiresAt: new Date(Date.now() + 30 * MINUTE),
      uploadId: store.startUpload('users/c/d/e'),
    });

    expect(await sweeper.sweep()).toMatchObject({ expired: 1, removed: 1 });
    expect(await db.row(abandoned.id)).toBeNull();
    expect(store.uploads.has(abandoned.uploadId as string)).toBe(false);
    expect((await db.row(expiredJustNow.id))?.status).toBe('uploading');
    expect((await db.row(live.id))?.status).toBe('uploading');
    expect(store.uploads.has(live.uploadId as string)).toBe(true);
  });

  it('aborts multipart uploads that no row knows, once older than any URL issued for them', async () => {
    const old = new Date(Date.now() - TTL_MINUTES * MINUTE - UPLOAD_GRACE_MS - MINUTE);
    const orphan = store.startUpload('users/u/f/lost.bin', old);
    const young = store.startUpload('users/u/g/new.bin');
    const known = store.startUpload('users/u/h/slow.bin', old);
    await db.file({ status: 'uploading', uploadExpiresAt: new Date(Date.now() + MINUTE), uploadId: known });
    const elsewhere = store.startUpload('backups/x.bin', old); // not ours to judge

    expect(await sweeper.sweep()).toMatchObject({ orphans: 1 });
    expect([...store.uploads.keys()].sort()).toEqual([young, known, elsewhere].sort());
    expect(store.uploads.has(orphan)).toBe(false);
  });

  it('lets two workers finish one removal at once: S3 is emptied and the row removed, by exactly one of them', async () => {
    const file = await storedFile();
    await db.dataSource.query(`UPDATE files SET status = 'deleting', deleting_since = now() WHERE id = $1`, [file.id]);
    const results = await Promise.all([removal.finish(file.id), sweeper.sweep()]);
    expect(Number(results[0]) + results[1].removed).toBe(1);
    expect(await db.row(file.id)).toBeNull();
    expect(store.keys(filePrefix(file.userId, file.id))).toEqual([]);
  });

  it('leaves a file that is not being deleted alone', async () => {
    const file = await storedFile();
    expect(await removal.finish(file.id)).toBe(false);
    expect((await db.row(file.id))?.status).toBe('ready');
    expect(store.keys(filePrefix(file.userId, file.id))).toHaveLength(2);
  });
});
