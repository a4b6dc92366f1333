import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { CallerContext } from '@sf/contracts';
import { returnedRows } from '@sf/database';
import { NotFound } from '@sf/errors';
import { StorageEventLog } from '../events/storage-event-log';
import { ObjectStore } from '../s3/object-store';
import { STORAGE_LOGGER } from '../storage.tokens';
import { filePrefix } from './object-keys';
import { inTransaction } from '@sf/idempotency';

interface DeletingRow {
  id: string;
  user_id: string;
  object_key: string;
  upload_id: string | null;
}

/**
 * Taking files away, in two steps: the row is marked `deleting` (and, for a user's deletion,
 * `file.deleted` recorded) in one transaction, so the file is gone for its owner at once; then
 * its objects and the row are removed. When S3 fails half-way the row stays `deleting` and the
 * sweeper finishes it, so nothing stays orphaned for long.
 */
@Injectable()
export class FileRemoval {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly store: ObjectStore,
    private readonly events: StorageEventLog,
    @Inject(STORAGE_LOGGER) private readonly logger: Logger,
  ) {}

  /** The owner deletes one of their files. */
  async delete(ctx: CallerContext, fileId: string): Promise<void> {
    await inTransaction(this.dataSource, async (manager) => {
      const [row] = returnedRows<DeletingRow>(
        await manager.query(
          `UPDATE files SET status = 'deleting', deleting_since = now()
           WHERE id = $1 AND user_id = $2 AND status = 'ready' RETURNING id, user_id, object_key, upload_id`,
          [fileId, ctx.user_id],
        ),
      );
      if (!row) throw new NotFound('File');
      await this.events.record(manager, 'file.deleted', row.id, {
        file_id: row.id,
        user_id: row.user_id,
        file_key: row.object_key,
      });
    });
    await this.finishOrLeave(fileId);
  }

  /** Drops an upload that never became a file (refused, aborted, expired): no event, nothing kept. */
  async discard(fileId: string): Promise<void> {
    await this.dataSource.query(`UPDATE files SET status = 'deleting', deleting_since = now() WHERE id = $1 AND status <> 'deleting'`, [
      fileId,
    ]);
    await this.finishOrLeave(fileId);
  }

  /**
   * Removes a `deleting` file's open multipart upload, its objects, then its row. False when
   * there is no such row, or another worker removed it first. S3 is called outside any
   * transaction: `deleting` (committed) is the intent, and every step can run twice (two workers,
   * or again after a crash) without harm.
   */
  async finish(fileId: string): Promise<boolean> {
    const [row] = (await this.dataSource.query(
      `SELECT id, user_id, object_key, upload_id FROM files WHERE id = $1 AND status = 'deleting'`,
      [fileId],
    )) as DeletingRow[];
    if (!row) return false;
    if (row.upload_id) await this.store.abortMultipartUpload(row.object_key, row.upload_id);
    await this.store.deletePrefix(filePrefix(row.user_id, row.id));
    return (
      returnedRows(await this.dataSource.query(`DELETE FROM files WHERE id = $1 AND status = 'deleting' RETURNING id`, [row.id])).length > 0
    );
  }

  private async finishOrLeave(fileId: string): Promise<void> {
    try {
      await this.finish(fileId);
    } catch (error) {
      this.logger.warn({ file_id: fileId, err: String(error) }, 'file removal left to the sweeper');
    }
  }
}
