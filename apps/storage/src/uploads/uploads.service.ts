import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { isUUID } from 'class-validator';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import {
  FILE_CATEGORIES,
  FileView,
  MAX_FILE_BYTES,
  PresignedUploadDto,
  PresignedUploadView,
  UploadAbortBody,
  UploadBeginBody,
  UploadCompleteBody,
  UploadTarget,
  UserContext,
} from '@sf/contracts';
import { Conflict, DomainError, NotFound, ValidationFailed } from '@sf/errors';
import { FileRemoval } from '../files/file-removal.service';
import { FileViews } from '../files/file-views';
import { displayName, fileKey } from '../files/object-keys';
import { StoredFile, UploadKind } from '../files/stored-file.entity';
import { quotaExceeded, QuotaService } from '../quota/quota.service';
import { ObjectStore, StorageUnavailable } from '../s3/object-store';
import { STORAGE_CONFIG, StorageConfig } from '../storage.config';
import { FileAdmission, fileTooLarge, isCategory } from './file-admission.service';

/**
 * Getting bytes in. Through the gateway: `begin` reserves a file and an S3 multipart upload and
 * hands out presigned part URLs; the gateway streams the parts and calls `complete` (or `abort`).
 * Straight from a client: `presignDirect` hands out one presigned PUT, `completeDirect` checks it.
 * Either way the file is recorded only by FileAdmission, after its checks.
 */
@Injectable()
export class UploadsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly store: ObjectStore,
    private readonly quota: QuotaService,
    private readonly admission: FileAdmission,
    private readonly removal: FileRemoval,
    private readonly views: FileViews,
    @Inject(STORAGE_CONFIG) private readonly config: StorageConfig,
  ) {}

  private get ttlSeconds(): number {
    return this.config.uploadTtlMinutes * 60;
  }

  /** A new row in `uploading`, written before anything exists in S3, so the sweeper can always find what follows. */
  private async reserve(ctx: UserContext, filename: string, kind: UploadKind, extra: Partial<StoredFile> = {}): Promise<StoredFile> {
    const id = randomUUID();
    const name = displayName(filename);
    const file = this.dataSource.getRepository(StoredFile).create({
      id,
      userId: ctx.user_id,
      status: 'uploading',
      originalFilename: name,
      objectKey: fileKey(ctx.user_id, id, name),
      uploadKind: kind,
      uploadExpiresAt: new Date(Date.now() + this.ttlSeconds * 1000),
      previewStatus: 'none',
      ...extra,
    });
    return this.dataSource.getRepository(StoredFile).save(file);
  }

  private async ownUpload(ctx: UserContext, fileId: unknown, kind: UploadKind): Promise<StoredFile> {
    const file =
      typeof fileId === 'string' && isUUID(fileId) && ctx?.user_id
        ? await this.dataSource.getRepository(StoredFile).findOneBy({ id: fileId, userId: ctx.user_id, uploadKind: kind })
        : null;
    if (!file || file.status === 'deleting') throw new NotFound('Upload');
    return file;
  }

  async begin(ctx: UserContext, body: UploadBeginBody): Promise<UploadTarget> {
    const room = await this.quota.room(this.dataSource.manager, ctx);
    if (room <= 0) throw quotaExceeded(this.quota.limitFor(ctx.tier), this.quota.limitFor(ctx.tier) - room);
    const maxBytes = Math.min(MAX_FILE_BYTES, room);
    const file = await this.reserve(ctx, body.original_filename, 'multipart');
    try {
      const uploadId = await this.store.createMultipartUpload(file.objectKey);
      await this.dataSource.getRepository(StoredFile).update({ id: file.id }, { uploadId });
      const partCount = Math.max(1, Math.ceil(maxBytes / this.config.partSizeBytes));
      const parts = await Promise.all(
        Array.from({ length: partCount }, async (_, i) => ({
          part_number: i + 1,
          url: await this.store.presignUploadPart(file.objectKey, uploadId, i + 1, this.ttlSeconds),
        })),
      );
      return {
        upload_token: file.id,
        part_size: this.config.partSizeBytes,
        max_bytes: maxBytes,
        limited_by: maxBytes < MAX_FILE_BYTES ? 'quota' : 'file_size',
        parts,
      };
    } catch (error) {
      await this.removal.discard(file.id);
      throw error;
    }
  }

  async complete(ctx: UserContext, body: UploadCompleteBody): Promise<FileView> {
    const file = await this.ownUpload(ctx, body.upload_token, 'multipart');
    if (file.status !== 'uploading' || !file.uploadId) throw new NotFound('Upload');
    const refuse = async (error: DomainError): Promise<never> => {
      await this.removal.discard(file.id);
      throw error;
    };
    if (!isCategory(body.category)) return refuse(new ValidationFailed({ category: [`must be one of: ${FILE_CATEGORIES.join(', ')}`] }));
    if (body.size > MAX_FILE_BYTES) return refuse(fileTooLarge(body.size));
    if (body.size === 0) return refuse(new ValidationFailed({ file: ['is empty'] }));
    // The parts, each checked at the edge, must also be the upload's parts in order.
    const parts = body.parts;
    const consistent = parts.every((p, i) => p.part_number === i + 1);
    if (!consistent) return refuse(new ValidationFailed({ file: ['the uploaded parts are inconsistent'] }));
    try {
      await this.store.completeMultipartUpload(file.objectKey, file.uploadId, parts);
    } catch (error) {
      if (error instanceof StorageUnavailable) throw error; // the upload stays; the sweeper drops it if nobody retries
      return refuse(new ValidationFailed({ file: ['the uploaded parts could not be assembled'] }));
    }
    await this.dataSource.getRepository(StoredFile).update({ id: file.id }, { uploadId: null });
    return this.admission.admit(ctx, { ...file, uploadId: null }, { category: body.category, size: body.size });
  }

  /** The gateway gave up on an upload (too large, client gone, bad form): nothing of it stays. */
  async abort(ctx: UserContext, body: UploadAbortBody): Promise<{ aborted: boolean }> {
    try {
      const file = await this.ownUpload(ctx, body.upload_token, 'multipart');
      if (file.status !== 'uploading') return { aborted: false };
      await this.removal.discard(file.id);
      return { aborted: true };
    } catch (error) {
      if (error instanceof NotFound) return { aborted: false };
      throw error;
    }
  }

  async presignDirect(ctx: UserContext, dto: PresignedUploadDto): Promise<PresignedUploadView> {
    if (dto.file_size > MAX_FILE_BYTES) throw fileTooLarge(dto.file_size);
    const room = await this.quota.room(this.dataSource.manager, ctx);
    if (dto.file_size > room) throw quotaExceeded(this.quota.limitFor(ctx.tier), this.quota.limitFor(ctx.tier) - room);
    const file = await this.reserve(ctx, dto.filename, 'direct', { category: dto.category, size: dto.file_size });
    try {
      const url = await this.store.presignPut(file.objectKey, dto.file_size, this.ttlSeconds);
      return {
        file_id: file.id,
        upload_url: url,
        method: 'PUT',
        headers: { 'Content-Type': 'application/octet-stream' },
        expires_at: (file.uploadExpiresAt as Date).toISOString(),
        max_bytes: dto.file_size,
        complete_url: `/api/files/${file.id}/complete`,
      };
    } catch (error) {
      await this.removal.discard(file.id);
      throw error;
    }
  }

  /** Checks and records a direct upload; asking again for a recorded file answers it again. */
  async completeDirect(ctx: UserContext, fileId: string): Promise<FileView> {
    const file = await this.ownUpload(ctx, fileId, 'direct');
    if (file.status === 'ready') return this.views.view(file);
    if ((await this.store.size(file.objectKey)) === null)
      throw new Conflict('Nothing has been uploaded to the upload URL yet', { upload_expires_at: file.uploadExpiresAt?.toISOString() });
    return this.admission.admit(ctx, file, { category: file.category!, size: file.size! });
  }
}
