import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { isUUID } from 'class-validator';
import { DataSource, FindOptionsOrder } from 'typeorm';
import {
  CallerContext,
  DEFAULT_DOWNLOAD_URL_HOURS,
  FileCategory,
  FileListView,
  FileSortField,
  FilesQuery,
  FileView,
  listView,
  PresignedUrlDto,
  PresignedUrlView,
  RedirectReply,
  ResolvedFile,
  ResolveFileBody,
  resolvePage,
  resolveSort,
  UserContext,
} from '@sf/contracts';
import { DomainError, ErrorCode, NotFound } from '@sf/errors';
import { contentDisposition, ObjectStore } from '../s3/object-store';
import { FileViews } from './file-views';
import { StoredFile } from './stored-file.entity';

/** Previews are fetched right after they are asked for. */
const PREVIEW_URL_SECONDS = 3600;
/** Another service's `image_url` resolved from a file id lives as long as S3 allows. */
const RESOLVED_URL_SECONDS = 7 * 24 * 3600;

const SORT_COLUMNS: Record<FileSortField, keyof StoredFile> = {
  created_at: 'createdAt',
  uploaded_at: 'uploadedAt',
  size: 'size',
  filename: 'originalFilename',
};

/** Reading a user's files: list, detail, preview, download URLs, and resolving ids for other services. */
@Injectable()
export class FilesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly store: ObjectStore,
    private readonly views: FileViews,
  ) {}

  /** The caller's recorded file, or 404 (also for another user's file: its existence is not revealed). */
  private async own(ctx: UserContext, fileId: string): Promise<StoredFile> {
    const file = ctx?.user_id
      ? await this.dataSource.getRepository(StoredFile).findOneBy({ id: fileId, userId: ctx.user_id, status: 'ready' })
      : null;
    if (!file) throw new NotFound('File');
    return file;
  }

  async list(ctx: UserContext, query: FilesQuery): Promise<FileListView> {
    const page = resolvePage(query);
    const sort = resolveSort<FileSortField>(query, { field: 'created_at', direction: 'DESC' });
    const [files, total] = await this.dataSource.getRepository(StoredFile).findAndCount({
      where: { userId: ctx.user_id, status: 'ready', ...(query.category ? { category: query.category } : {}) },
      order: { [SORT_COLUMNS[sort.field]]: sort.direction, id: sort.direction } as FindOptionsOrder<StoredFile>,
      skip: page.offset,
      take: page.limit,
    });
    return listView('files', await Promise.all(files.map((f) => this.views.view(f))), total, page);
  }

  async get(ctx: UserContext, fileId: string): Promise<FileView> {
    return this.views.view(await this.own(ctx, fileId));
  }

  /** Where the 150x150 thumbnail is; 404 for files that have none, and while it is being made. */
  async preview(ctx: UserContext, fileId: string): Promise<RedirectReply> {
    const file = await this.own(ctx, fileId);
    if (file.previewStatus === 'pending')
      throw new DomainError(ErrorCode.NOT_FOUND, 'The preview is being made; try again shortly', { preview_status: 'pending' });
    if (file.previewStatus !== 'ready' || !file.previewKey)
      throw new DomainError(ErrorCode.NOT_FOUND, 'This file has no preview', { preview_status: file.previewStatus });
    const location = await this.store.presignGet(file.previewKey, PREVIEW_URL_SECONDS, {
      contentType: 'image/webp',
      disposition: contentDisposition('inline', `${file.originalFilename.replace(/\.[^.]*$/, '')}-preview.webp`),
    });
    return { location };
  }

  async presign(ctx: UserContext, dto: PresignedUrlDto): Promise<PresignedUrlView> {
    const file = await this.own(ctx, dto.file_id);
    const hours = dto.expires_in_hours ?? DEFAULT_DOWNLOAD_URL_HOURS;
    const url = await this.views.downloadUrl(file, hours * 3600);
    return {
      presigned_url: url,
      expires_at: new Date(Date.now() + hours * 3600_000).toISOString(),
      file_id: file.id,
      expires_in_hours: hours,
    };
  }

  /** For other services: a URL for a file id the caller owns; anything else is NOT_FOUND. */
  async resolve(ctx: CallerContext, body: ResolveFileBody): Promise<ResolvedFile> {
    const fileId = body.file_id;
    // Only a user's own file resolves: anything else, a caller without a user included, names no file.
    if (!ctx.user_id || !isUUID(fileId)) throw new NotFound('File');
    const file = await this.own({ ...ctx, user_id: ctx.user_id }, fileId);
    const cdn = this.views.hasCdn;
    const url = cdn ? await this.views.cdnUrl(file) : await this.views.downloadUrl(file, RESOLVED_URL_SECONDS);
    return {
      file_id: file.id,
      url,
      expires_at: cdn ? null : new Date(Date.now() + RESOLVED_URL_SECONDS * 1000).toISOString(),
      category: file.category as FileCategory,
      content_type: file.contentType ?? 'application/octet-stream',
    };
  }
}
