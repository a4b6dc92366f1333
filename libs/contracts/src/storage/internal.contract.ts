import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsIn,
  IsInt,
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
import { internal } from '../common/internal';

export type FileCategory = 'image' | 'video' | 'document';
export const FILE_CATEGORIES: readonly FileCategory[] = ['image', 'video', 'document'];

/** Largest file accepted, by either upload route: 50 MiB. */
export const MAX_FILE_BYTES = 50 * 1024 * 1024;

export class ResolveFileBody {
  /** A file id; anything that names no file of the caller's is NOT_FOUND. */
  @IsString() @MaxLength(200) file_id: string;
}

/** A file resolved for use in another service's `image_url`-style field. */
export class ResolvedFile {
  file_id: string;
  /** A URL a client can fetch the bytes from (CDN URL, or a presigned URL valid 7 days). */
  url: string;
  /** When `url` stops working (ISO 8601), or null when it does not expire (CDN). */
  expires_at: string | null;
  category: FileCategory;
  content_type: string;
}

/**
 * Lets another service accept a file id where a URL is expected (`image_url`): answered only when
 * `ctx.user_id` owns the file; an unknown id, another user's file or a caller without a user is
 * NOT_FOUND.
 */
export const StorageResolveFile = internal({
  subject: 'storage.files.resolve',
  request: ResolveFileBody,
  response: ResolvedFile,
  summary: "A URL for a file id the caller owns, for another service's image fields",
});

/** As the client's form gave them (bounded by the gateway's header limits); the service cleans them up. */
export class UploadBeginBody {
  @IsString() @MaxLength(8192) original_filename: string;
  @IsOptional() @IsString() @MaxLength(8192) content_type: string | null;
}

/** A presigned URL for one part of a multipart upload (parts numbered from 1). */
export class UploadPartTarget {
  part_number: number;
  url: string;
}

export class UploadTarget {
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

/** Gateway upload route: reserve a file id and an S3 multipart upload, answer its part URLs. */
export const StorageUploadBegin = internal({
  caller: 'user',
  subject: 'storage.uploads.begin',
  request: UploadBeginBody,
  response: UploadTarget,
  summary: 'Reserves a file and a multipart upload for a file the gateway is streaming',
});

export class UploadedPart {
  @IsInt() @Min(1) part_number: number;
  @IsString() @MinLength(1) @MaxLength(200) etag: string;
}

export class UploadCompleteBody {
  @IsString() @MaxLength(200) upload_token: string;
  /** The category the client declared, as given: the service checks it (and the bytes) and discards a refused upload. */
  @IsString() @MaxLength(8192) category: string;
  @ValidateNested({ each: true }) @Type(() => UploadedPart) @ArrayMinSize(1) @ArrayMaxSize(10_000) parts: UploadedPart[];
  @IsInt() @Min(0) size: number;
}

export class UploadAbortBody {
  @IsString() @MaxLength(200) upload_token: string;
}

export class UploadAbortReply {
  aborted: boolean;
}

/** Gateway upload route: the upload failed or went over the limit; abort it, leave nothing. */
export const StorageUploadAbort = internal({
  caller: 'user',
  subject: 'storage.uploads.abort',
  request: UploadAbortBody,
  response: UploadAbortReply,
  summary: 'Aborts an upload the gateway gave up on; nothing of it stays',
});

/** Where GDPR export parts are kept in the bucket: `gdpr-exports/<request id>/<service>.json`. */
export const GDPR_EXPORT_PREFIX = 'gdpr-exports/';

export class GdprPartUrlsBody {
  /** The export request the parts belong to. */
  @IsUUID() request_id: string;
  @Matches(/^[a-z][a-z0-9-]{0,49}$/, { each: true }) @ArrayMinSize(1) @ArrayMaxSize(50) services: string[];
  /** `PUT`: upload URLs for the services (inside the fleet); `GET`: download URLs for admins. */
  @IsIn(['PUT', 'GET']) method: 'PUT' | 'GET';
  @IsInt() @Min(60) @Max(7 * 24 * 3600) expires_in_seconds: number;
}

export class GdprPartUrl {
  service: string;
  url: string;
}

export class GdprPartUrlsView {
  urls: GdprPartUrl[];
  expires_at: string;
}

/**
 * Admin, for a GDPR export: presigned URLs of each service's part. Storage owns the bucket and
 * its credentials, so admin holds no S3 configuration.
 */
export const StorageGdprPartUrls = internal({
  subject: 'storage.gdpr.part_urls',
  request: GdprPartUrlsBody,
  response: GdprPartUrlsView,
  summary: "Presigned PUT or GET URLs of a GDPR export's parts",
});
