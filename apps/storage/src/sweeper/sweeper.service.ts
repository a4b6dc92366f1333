import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { returnedRows } from '@sf/database';
import { FileRemoval } from '../files/file-removal.service';
import { USERS_PREFIX } from '../files/object-keys';
import { ObjectStore } from '../s3/object-store';
import { STORAGE_CONFIG, StorageConfig } from '../storage.config';
import { STORAGE_LOGGER } from '../storage.tokens';

/** Past an upload URL's expiry, this long again before its leftovers are taken away. */
export const UPLOAD_GRACE_MS = 10 * 60 * 1000;
const BATCH = 100;

export interface SweepReport {
  /** Uploads never finished before their URLs expired, now dropped. */
  expired: number;
  /** Files whose removal completed in this pass. */
  removed: number;
  /** Removals that failed again (S3 still failing); retried next pass. */
  failed: number;
  /** S3 multipart uploads no row knows (a crash between creating one and recording it), aborted. */
  orphans: number;
}

/**
 * Finishes what was left half-done: removals whose S3 step failed (rows in `deleting`), uploads
 * abandoned past their URLs' expiry, and multipart uploads that no row knows. Every replica runs
 * it; rows are taken with SKIP LOCKED and every step is idempotent, so they never collide.
 */
@Injectable()
export class Sweeper implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<SweepReport> | null = null;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly store: ObjectStore,
    private readonly removal: FileRemoval,
    @Inject(STORAGE_CONFIG) private readonly config: StorageConfig,
    @Inject(STORAGE_LOGGER) private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.sweepOnce(), this.config.sweepIntervalMs);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running?.catch(() => undefined);
  }

  /** One pass, unless one is running already; failures are logged and retried next time. */
  async sweepOnce(): Promise<SweepReport | null> {
    if (this.running) return null;
    this.running = this.sweep();
    try {
      const report = await this.running;
      if (report.expired || report.removed || report.failed || report.orphans) this.logger.info({ ...report }, 'storage sweep');
      return report;
    } catch (error) {
      this.logger.warn({ err: String(error) }, 'storage sweep failed; retrying next time');
      return null;
    } finally {
      this.running = null;
    }
  }

  async sweep(now = new Date()): Promise<SweepReport> {
    const report: SweepReport = { expired: 0, removed: 0, failed: 0, orphans: 0 };
    const expiredBefore = new Date(now.getTime() - UPLOAD_GRACE_MS);
    report.expired = returnedRows(
      await this.dataSource.query(
        `UPDATE files SET status = 'deleting', deleting_since = now()
         WHERE id IN (SELECT id FROM files WHERE status = 'uploading' AND upload_expires_at < $1 LIMIT ${BATCH} FOR UPDATE SKIP LOCKED)
         RETURNING id`,
        [expiredBefore],
      ),
    ).length;

    const deleting = (await this.dataSource.query(
      `SELECT id FROM files WHERE status = 'deleting' ORDER BY deleting_since LIMIT ${BATCH}`,
    )) as { id: string }[];
    for (const { id } of deleting) {
      try {
        if (await this.removal.finish(id)) report.removed++;
      } catch (error) {
        report.failed++;
        this.logger.warn({ file_id: id, err: String(error) }, 'file removal failed; retrying next sweep');
      }
    }

    // An upload older than any URL issued for it, that no row in `uploading` holds, is lost.
    const stale = await this.store.staleUploads(USERS_PREFIX, new Date(expiredBefore.getTime() - this.config.uploadTtlMinutes * 60_000));
    if (stale.length) {
      const known = new Set(
        (
          (await this.dataSource.query(`SELECT upload_id FROM files WHERE upload_id = ANY($1)`, [stale.map((u) => u.uploadId)])) as {
            upload_id: string;
          }[]
        ).map((r) => r.upload_id),
      );
      for (const upload of stale.filter((u) => !known.has(u.uploadId))) {
        await this.store.abortMultipartUpload(upload.key, upload.uploadId);
        report.orphans++;
      }
    }
    return report;
  }
}
