import { randomUUID } from 'node:crypto';
import { systemContext, Tier, UserContext } from '@sf/contracts';
import { DomainError } from '@sf/errors';
import { loadStorageConfig } from '../storage.config';
import { StorageTestDatabase } from '../testing/storage-test-database';
import { QuotaService } from './quota.service';

const GiB = 1024 * 1024 * 1024;
const as = (userId: string, tier: Tier = 'free'): UserContext => ({ ...systemContext('req_quota_spec'), user_id: userId, tier });

describe('QuotaService', () => {
  let db: StorageTestDatabase;
  beforeAll(async () => {
    db = await StorageTestDatabase.create();
  });
  afterAll(() => db?.close());

  it('gives free 1 GiB, premium 20 GiB and enterprise 200 GiB unless configured otherwise', () => {
    const defaults = new QuotaService(loadStorageConfig({ S3_BUCKET: 'spec-bucket' }));
    expect(['free', 'premium', 'enterprise'].map((t) => defaults.limitFor(t as Tier))).toEqual([GiB, 20 * GiB, 200 * GiB]);
    const configured = new QuotaService(loadStorageConfig({ S3_BUCKET: 'spec-bucket', STORAGE_QUOTA_PREMIUM_BYTES: '12345' }));
    expect(configured.limitFor('premium')).toBe(12345);
    expect(() => loadStorageConfig({ S3_BUCKET: 'spec-bucket', STORAGE_QUOTA_FREE_BYTES: 'lots' })).toThrow(/STORAGE_QUOTA_FREE_BYTES/);
  });

  it("counts only the user's recorded files: not uploads in flight, not files being deleted, not other users'", async () => {
    const quota = new QuotaService({ quotas: { free: 1000, premium: 5000, enterprise: 10_000 } });
    const userId = randomUUID();
    await db.file({ userId, size: 300 });
    await db.file({ userId, size: 200 });
    await db.file({ userId, size: 400, status: 'uploading' });
    await db.file({ userId, size: 400, status: 'deleting' });
    await db.file({ size: 900 }); // someone else's
    expect(await quota.used(db.dataSource.manager, userId)).toBe(500);
    expect(await quota.room(db.dataSource.manager, as(userId))).toBe(500);
    expect(await quota.room(db.dataSource.manager, as(userId, 'premium'))).toBe(4500);
  });

  it('admits a file that fills the quota exactly and refuses one byte more with 413 naming the quota', async () => {
    const quota = new QuotaService({ quotas: { free: 1000, premium: 5000, enterprise: 10_000 } });
    const userId = randomUUID();
    await db.file({ userId, size: 600 });
    await expect(db.dataSource.transaction((m) => quota.admit(m, as(userId), 400))).resolves.toBeUndefined();
    const refused = await db.dataSource.transaction((m) => quota.admit(m, as(userId), 401)).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(DomainError);
    expect(refused).toMatchObject({
      code: 'PAYLOAD_TOO_LARGE',
      message: 'Storage quota exceeded',
      details: { reason: 'quota', quota_bytes: 1000, used_bytes: 600 },
    });
    // The same bytes fit a larger plan.
    await expect(db.dataSource.transaction((m) => quota.admit(m, as(userId, 'premium'), 401))).resolves.toBeUndefined();
  });

  it('lets only one of two admissions finishing together into the last free bytes', async () => {
    const quota = new QuotaService({ quotas: { free: 1000, premium: 5000, enterprise: 10_000 } });
    const userId = randomUUID();
    const uploads = [await db.file({ userId, size: 600, status: 'uploading' }), await db.file({ userId, size: 600, status: 'uploading' })];
    const outcomes = await Promise.allSettled(
      uploads.map((file) =>
        db.dataSource.transaction(async (manager) => {
          await quota.admit(manager, as(userId), 600);
          await manager.query('SELECT pg_sleep(0.2)'); // both would pass their checks here without the lock
          await manager.query(`UPDATE files SET status = 'ready' WHERE id = $1`, [file.id]);
        }),
      ),
    );
    expect(outcomes.map((o) => o.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect(await quota.used(db.dataSource.manager, userId)).toBe(600);
  });
});
