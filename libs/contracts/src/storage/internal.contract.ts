import type { CallerContext } from '../common/caller-context';

/** Subjects the storage service answers for other services and the gateway, not for clients. */
export const StorageSubjects = {
  /**
   * `{ctx, body: {file_id}}` → {@link ResolvedFile}. Lets another service accept a file id where
   * a URL is expected (`image_url`): answered only when `ctx.user_id` owns the file; an unknown
   * id, a value that is not a UUID, another user's file or a caller without a user is NOT_FOUND.
   */
  resolve: 'storage.files.resolve',
  /** Gateway upload route: reserve a file id and an S3 multipart upload, answer its part URLs. */
  uploadBegin: 'storage.uploads.begin',
  /** Gateway upload route: complete the multipart upload, check the object, record the file. */
  uploadComplete: 'storage.uploads.complete',
  /** Gateway upload route: the upload failed or went over the limit; abort it, leave nothing. */
  uploadAbort: 'storage.uploads.abort',
} as const;

export type FileCategory = 'image' | 'video' | 'document';
export const FILE_CATEGORIES: readonly FileCategory[] = ['image', 'video', 'document'];

/** Largest file accepted, by either upload route: 50 MiB. */
export const MAX_FILE_BYTES = 50 * 1024 * 1024;

export interface ResolveFileRequest {
  ctx: CallerContext;
  body: { file_id: string };
}

/** A file resolved for use in another service's `image_url`-style field. */
export interface ResolvedFile {
  file_id: string;
  /** A URL a client can fetch the bytes from (CDN URL, or a presigned URL valid 7 days). */
  url: string;
  /** When `url` stops working (ISO 8601), or null when it does not expire (CDN). */
  expires_at: string | null;
  category: FileCategory;
  content_type: string;
}

/** The gateway asks for an upload target before it streams a file. */
export interface UploadBeginRequest {
  ctx: CallerContext;
  body: { original_filename: string; content_type: string | null };
}

/** A presigned URL for one part of a multipart upload (parts numbered from 1). */
export interface UploadPartTarget {
  part_number: number;
  url: string;
}

export interface UploadTarget {
  /** Opaque handle of this upload, passed back on every later call. */
  upload_token: string;
  /** Size of every part except the last, in bytes. */
  part_size: number;
  /** The most bytes this upload may carry: the file limit, or less when the quota has less room. */
  max_bytes: number;
  limited_by: 'file_size' | 'quota';
  /** Presigned UploadPart URLs (PUT, exact Content-Length), enough for `max_bytes`. */
  parts: UploadPartTarget[];
}

export interface UploadCompleteRequest {
  ctx: CallerContext;
  body: {
    upload_token: string;
    /** The category the client declared; checked against the object's own bytes. */
    category: string;
    parts: { part_number: number; etag: string }[];
    size: number;
  };
}

export interface UploadAbortRequest {
  ctx: CallerContext;
  body: { upload_token: string };
}
