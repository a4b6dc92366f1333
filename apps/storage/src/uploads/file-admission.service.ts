import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { FILE_CATEGORIES, FileCategory, FileView, MAX_FILE_BYTES, UserContext } from '@sf/contracts';
import { returnedRows } from '@sf/database';
import { DomainError, ErrorCode, NotFound, ValidationFailed } from '@sf/errors';
import { StorageEventLog } from '../events/storage-event-log';
import { FileRemoval } from '../files/file-removal.service';
import { FileViews } from '../files/file-views';
import { previewKey } from '../files/object-keys';
import { StoredFile } from '../files/stored-file.entity';
import { QuotaService } from '../quota/quota.service';
import { ObjectStore } from '../s3/object-store';
import { sniffContent, SNIFF_BYTES } from './content-sniffer';
import { inTransaction } from '@sf/idempotency';

/** Over the 50 MB limit. */
export function fileTooLarge(size?: number): DomainError {
  return new DomainError(ErrorCode.PAYLOAD_TOO_LARGE, `The file is larger than ${MAX_FILE_BYTES / 1024 / 1024} MB`, {
    reason: 'file_size',
    max_bytes: MAX_FILE_BYTES,
    ...(size === undefined ? {} : { size }),
  });
}

const ARTICLE: Record<FileCategory, string> = { image: 'an image', video: 'a video', document: 'a document' };

export function isCategory(value: unknown): value is FileCategory {
  return typeof value === 'string' && (FILE_CATEGORIES as readonly string[]).includes(value);
}

/**
 * The checks every upload passes on its way in, whichever way the bytes came: the object is
 * there, not empty, not over the limit, of the size the uploader said, its head's magic bytes
 * match the declared category, and it fits the quota. Then it is recorded with `file.uploaded`.
 * A refused upload leaves nothing behind.
 */
@Injectable()
export class FileAdmission {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly store: ObjectStore,
    private readonly quota: QuotaService,
    private readonly events: StorageEventLog,
    private readonly removal: FileRemoval,
    private readonly views: FileViews,
  ) {}

  /** Throws `error` after dropping the upload. */
  private async refuse(file: StoredFile, error: DomainError): Promise<never> {
    await this.removal.discard(file.id);
    throw error;
  }

  async admit(ctx: UserContext, file: StoredFile, claim: { category: FileCategory; size: number }): Promise<FileView> {
    const size = await this.store.size(file.objectKey);
    if (size === null) return this.refuse(file, new ValidationFailed({ file: ['was not stored'] }, 'The upload did not complete'));
    if (size > MAX_FILE_BYTES) return this.refuse(file, fileTooLarge(size));
    if (size === 0) return this.refuse(file, new ValidationFailed({ file: ['is empty'] }));
    if (size !== claim.size)
      return this.refuse(file, new ValidationFailed({ file: [`has ${size} bytes where ${claim.size} were announced`] }));

    const sniffed = sniffContent(await this.store.head(file.objectKey, SNIFF_BYTES), file.originalFilename);
    if (!sniffed || sniffed.category !== claim.category) {
      const what = sniffed ? sniffed.description : 'of no format this service accepts';
      return this.refuse(
        file,
        new ValidationFailed(
          { file: [`content is ${what}, not ${ARTICLE[claim.category]}`] },
          'The file content does not match its category',
        ),
      );
    }

    try {
      const recorded = await inTransaction(this.dataSource, async (manager) => {
        await this.quota.admit(manager, ctx, size);
        const isImage = claim.category === 'image';
        const [row] = returnedRows<{ id: string }>(
          await manager.query(
            `UPDATE files SET status = 'ready', category = $2, size = $3, content_type = $4, uploaded_at = now(),
               upload_id = NULL, upload_expires_at = NULL, preview_status = $5, preview_key = $6
             WHERE id = $1 AND status = 'uploading' RETURNING id`,
            [
              file.id,
              claim.category,
              size,
              sniffed.contentType,
              isImage ? 'pending' : 'none',
              isImage ? previewKey(file.userId, file.id) : null,
            ],
          ),
        );
        if (!row) throw new NotFound('Upload'); // expired and swept meanwhile
        await this.events.record(manager, 'file.uploaded', file.id, {
          file_id: file.id,
          user_id: file.userId,
          category: claim.category,
          content_type: sniffed.contentType,
          size,
          file_key: file.objectKey,
          original_filename: file.originalFilename,
        });
        return manager.getRepository(StoredFile).findOneByOrFail({ id: file.id });
      });
      return this.views.view(recorded);
    } catch (error) {
      if (error instanceof DomainError && error.code === ErrorCode.PAYLOAD_TOO_LARGE) return this.refuse(file, error);
      throw error;
    }
  }
}
