import { Type } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsISO8601,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { endpoint } from '../common/endpoint';
import { IdParams } from '../common/id-params';
import { ListMeta, PageQuery, sortValues } from '../common/pagination';
import { Trim } from '../common/trim';
import { internal } from '../common/internal';
import { FILE_CATEGORIES, FileCategory, MAX_FILE_BYTES, UploadCompleteBody } from './internal.contract';

/** Presigned download URLs live 1 hour to 7 days (S3's own limit for SigV4). */
export const MIN_DOWNLOAD_URL_HOURS = 1;
export const MAX_DOWNLOAD_URL_HOURS = 168;
export const DEFAULT_DOWNLOAD_URL_HOURS = 24;
/** The thumbnail made for every image: a 150x150 WebP, cropped to fill. */
export const PREVIEW_SIZE = 150;

export type PreviewStatus = 'none' | 'pending' | 'ready' | 'failed';

/**
 * A stored file. Carries both the upload answer's names (`original_filename`, `file_size`) and the
 * list's (`filename`, `size`) as the seeds use them.
 */
export class FileView {
  @IsUUID() file_id: string;
  /** Where the object is in the bucket. */
  @IsString() file_key: string;
  @IsString() original_filename: string;
  @IsString() filename: string;
  @IsInt() file_size: number;
  @IsInt() size: number;
  @IsIn(FILE_CATEGORIES) category: FileCategory;
  /** The type found in the file's own bytes, not the one the client declared. */
  @IsString() content_type: string;
  /** A URL to fetch the file: the CDN's when one is configured, else a presigned URL valid 24 hours. */
  @IsString() cdn_url: string;
  /** The object's address in S3 (not public: fetch through `cdn_url` or a presigned URL). */
  @IsString() s3_url: string;
  /** `pending` while the 150x150 thumbnail of an image is being made; `none` for other files. */
  @IsIn(['none', 'pending', 'ready', 'failed']) preview_status: PreviewStatus;
  @IsISO8601() uploaded_at: string;
  @IsISO8601() created_at: string;
}

export class FileListView extends ListMeta {
  @ValidateNested({ each: true }) @Type(() => FileView) files: FileView[];
}

export const FILE_SORT_FIELDS = ['created_at', 'uploaded_at', 'size', 'filename'] as const;
export type FileSortField = (typeof FILE_SORT_FIELDS)[number];

export class FilesQuery extends PageQuery {
  @IsOptional() @IsIn(FILE_CATEGORIES) category?: FileCategory;
  @IsOptional() @IsIn(sortValues(FILE_SORT_FIELDS)) sort?: string;
  @IsOptional() @IsIn(FILE_SORT_FIELDS) sort_by?: string;
}

export class PresignedUrlDto {
  @IsUUID() file_id: string;
  /** 1 to 168 (7 days); 24 when absent. */
  @IsOptional() @IsInt() @Min(MIN_DOWNLOAD_URL_HOURS) @Max(MAX_DOWNLOAD_URL_HOURS) expires_in_hours?: number;
}

export class PresignedUrlView {
  @IsString() presigned_url: string;
  @IsISO8601() expires_at: string;
  @IsUUID() file_id: string;
  @IsInt() expires_in_hours: number;
}

/** The multipart form of `POST /api/files/upload` besides the `file` itself. */
export class UploadFileForm {
  @IsIn(FILE_CATEGORIES) category: FileCategory;
}

export class PresignedUploadDto {
  @Trim() @IsString() @MinLength(1) @MaxLength(255) filename: string;
  @IsIn(FILE_CATEGORIES) category: FileCategory;
  /** Exact size in bytes; the upload URL accepts exactly this many (50 MB at most, else 413). */
  @IsInt() @Min(1) file_size: number;
  /** What the client believes the type is; the stored type is found from the bytes anyway. */
  @IsOptional() @IsString() @Matches(/^[\w.+-]+\/[\w.+-]+$/) @MaxLength(100) content_type?: string;
}

export class PresignedUploadView {
  @IsUUID() file_id: string;
  /** PUT exactly `file_size` bytes here, with these headers. */
  @IsString() upload_url: string;
  @IsIn(['PUT']) method: 'PUT';
  @IsObject() headers: Record<string, string>;
  @IsISO8601() expires_at: string;
  @IsInt() max_bytes: number;
  /** Then POST here (no body) to have the file checked and recorded. */
  @IsString() complete_url: string;
}

/** Gateway upload route: complete the multipart upload, check the object, record the file. */
export const StorageUploadComplete = internal({
  caller: 'user',
  subject: 'storage.uploads.complete',
  request: UploadCompleteBody,
  response: FileView,
  /** Checking and recording a file (assembling its parts, reading its head) takes longer than a plain request. */
  timeoutMs: 30_000,
  summary: 'Completes a streamed upload, checks the bytes against the category and records the file',
});

export const FilesUpload = endpoint<Record<string, never>, Record<string, never>, FileView>({
  method: 'POST',
  path: '/api/files/upload',
  subject: StorageUploadComplete.subject,
  access: { kind: 'user', scope: 'write:files' },
  response: FileView,
  status: 201,
  servedBy: 'upload',
  summary: `Upload a file as multipart/form-data: \`file\` and \`category\` (${FILE_CATEGORIES.join(', ')}); at most ${MAX_FILE_BYTES / 1024 / 1024} MB; the content must match the category`,
  tag: 'files',
  errors: [400, 413, 422],
});

export const FilesPresignedUpload = endpoint<PresignedUploadDto, Record<string, never>, PresignedUploadView>({
  method: 'POST',
  path: '/api/files/presigned-upload',
  subject: 'storage.uploads.presign',
  access: { kind: 'user', scope: 'write:files' },
  body: PresignedUploadDto,
  response: PresignedUploadView,
  status: 201,
  idempotent: true,
  summary: 'A presigned URL to upload one file straight to storage; then POST its complete_url',
  tag: 'files',
  errors: [413],
});

export const FilesCompleteUpload = endpoint<Record<string, never>, Record<string, never>, FileView>({
  method: 'POST',
  path: '/api/files/:id/complete',
  subject: 'storage.uploads.confirm',
  params: IdParams,
  access: { kind: 'user', scope: 'write:files' },
  response: FileView,
  status: 200,
  summary: 'Check and record a file uploaded through a presigned URL (size, content against the category, quota)',
  tag: 'files',
  errors: [404, 409, 413, 422],
});

export const FilesList = endpoint<Record<string, never>, FilesQuery, FileListView>({
  method: 'GET',
  path: '/api/files',
  subject: 'storage.files.list',
  access: { kind: 'user', scope: 'read:files' },
  query: FilesQuery,
  response: FileListView,
  status: 200,
  summary: "The caller's files, newest first; filter by category; sort=-created_at or sort_by=&order=",
  tag: 'files',
});

export const FilesGet = endpoint<Record<string, never>, Record<string, never>, FileView>({
  method: 'GET',
  path: '/api/files/:id',
  subject: 'storage.files.get',
  params: IdParams,
  access: { kind: 'user', scope: 'read:files' },
  response: FileView,
  status: 200,
  summary: "One of the caller's files",
  tag: 'files',
  errors: [404],
});

export const FilesPreview = endpoint<Record<string, never>, Record<string, never>, void>({
  method: 'GET',
  path: '/api/files/:id/preview',
  subject: 'storage.files.preview',
  params: IdParams,
  access: { kind: 'user', scope: 'read:files' },
  status: 200,
  redirect: true,
  summary: `302 to the ${PREVIEW_SIZE}x${PREVIEW_SIZE} WebP thumbnail of an image (a presigned URL valid 1 hour); 404 while it is being made`,
  tag: 'files',
  errors: [404],
});

export const FilesPresignedUrl = endpoint<PresignedUrlDto, Record<string, never>, PresignedUrlView>({
  method: 'POST',
  path: '/api/files/presigned-url',
  subject: 'storage.files.presign',
  access: { kind: 'user', scope: 'read:files' },
  body: PresignedUrlDto,
  response: PresignedUrlView,
  status: 200,
  summary: `A time-limited download URL for one of the caller's files (expires_in_hours ${MIN_DOWNLOAD_URL_HOURS}-${MAX_DOWNLOAD_URL_HOURS}, default ${DEFAULT_DOWNLOAD_URL_HOURS})`,
  tag: 'files',
  errors: [404],
});

export const FilesDelete = endpoint<Record<string, never>, Record<string, never>, void>({
  method: 'DELETE',
  path: '/api/files/:id',
  subject: 'storage.files.delete',
  params: IdParams,
  access: { kind: 'user', scope: 'write:files' },
  status: 204,
  summary: 'Delete a file: its object, its thumbnail and its record',
  tag: 'files',
  errors: [404],
});
