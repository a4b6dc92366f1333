import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListMultipartUploadsCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { Readable } from 'node:stream';
import { ServiceUnavailable } from '@sf/errors';
import type { S3Config } from '../storage.config';

/** An error the S3 API answered (as opposed to the network failing). */
function s3Status(error: unknown): number | undefined {
  return (error as { $metadata?: { httpStatusCode?: number } } | null)?.$metadata?.httpStatusCode;
}

function errorName(error: unknown): string | undefined {
  return (error as { name?: string } | null)?.name;
}

/** S3 unreachable or failing (network, 5xx, throttling): the caller sees a 503, the log the cause. */
export class StorageUnavailable extends ServiceUnavailable {
  constructor(override readonly cause: unknown) {
    super('File storage is not available; try again shortly');
  }
}

/** Errors S3 answered about the request itself (4xx) stay as they are, for the caller to judge. */
function classify(error: unknown): unknown {
  const status = s3Status(error);
  return status !== undefined && status < 500 && status !== 429 ? error : new StorageUnavailable(error);
}

/** `inline; filename="..."` that any client reads, with the exact UTF-8 name beside it (RFC 6266). */
export function contentDisposition(kind: 'inline' | 'attachment', filename: string): string {
  const ascii = filename.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}

/**
 * The bucket, through the AWS SDK: the service's own calls go to `S3_ENDPOINT`; URLs handed to
 * clients are signed for `S3_PUBLIC_ENDPOINT` (the same unless S3 is reached differently from
 * outside, as in docker-compose). Part URLs for the gateway are signed for the inside endpoint.
 */
export class ObjectStore {
  private readonly client: S3Client;
  private readonly publicClient: S3Client;
  readonly bucket: string;

  constructor(private readonly config: S3Config) {
    const options = (endpoint: string | undefined) =>
      new S3Client({
        endpoint,
        region: config.region,
        forcePathStyle: config.forcePathStyle,
        credentials: config.credentials,
        // Checksums only where S3 demands them: keeps presigned URLs and plain PUTs portable.
        requestChecksumCalculation: 'WHEN_REQUIRED',
        responseChecksumValidation: 'WHEN_REQUIRED',
      });
    this.client = options(config.endpoint);
    this.publicClient = config.publicEndpoint ? options(config.publicEndpoint) : this.client;
    this.bucket = config.bucket;
  }

  /** Creates the bucket if it is missing (another replica creating it at the same time is fine). */
  async ensureBucket(): Promise<'exists' | 'created'> {
    try {
      await this.call((c) => c.send(new HeadBucketCommand({ Bucket: this.bucket })));
      return 'exists';
    } catch (error) {
      if (s3Status(error) !== 404) throw error;
    }
    try {
      await this.call((c) =>
        c.send(
          new CreateBucketCommand({
            Bucket: this.bucket,
            ...(this.config.region === 'us-east-1'
              ? {}
              : { CreateBucketConfiguration: { LocationConstraint: this.config.region as never } }),
          }),
        ),
      );
      return 'created';
    } catch (error) {
      if (errorName(error) === 'BucketAlreadyOwnedByYou') return 'exists';
      throw error;
    }
  }

  /** The object's address in S3 (not fetchable without a signature: the bucket is private). */
  objectUrl(key: string): string {
    const path = key.split('/').map(encodeURIComponent).join('/');
    const endpoint = this.config.publicEndpoint ?? this.config.endpoint;
    if (endpoint) return `${endpoint.replace(/\/+$/, '')}/${this.bucket}/${path}`;
    return `https://${this.bucket}.s3.${this.config.region}.amazonaws.com/${path}`;
  }

  async createMultipartUpload(key: string): Promise<string> {
    const created = await this.call((c) =>
      c.send(new CreateMultipartUploadCommand({ Bucket: this.bucket, Key: key, ContentType: 'application/octet-stream' })),
    );
    if (!created.UploadId) throw new Error('S3 answered CreateMultipartUpload without an UploadId');
    return created.UploadId;
  }

  /** A PUT URL for one part; the caller must send the part with its exact Content-Length. */
  presignUploadPart(key: string, uploadId: string, partNumber: number, expiresInSeconds: number): Promise<string> {
    return getSignedUrl(this.client, new UploadPartCommand({ Bucket: this.bucket, Key: key, UploadId: uploadId, PartNumber: partNumber }), {
      expiresIn: expiresInSeconds,
    });
  }

  async completeMultipartUpload(key: string, uploadId: string, parts: { part_number: number; etag: string }[]): Promise<void> {
    await this.call((c) =>
      c.send(
        new CompleteMultipartUploadCommand({
          Bucket: this.bucket,
          Key: key,
          UploadId: uploadId,
          MultipartUpload: { Parts: parts.map((p) => ({ PartNumber: p.part_number, ETag: p.etag })) },
        }),
      ),
    );
  }

  /** Aborts a multipart upload; one already gone (aborted, completed) is fine. */
  async abortMultipartUpload(key: string, uploadId: string): Promise<void> {
    try {
      await this.call((c) => c.send(new AbortMultipartUploadCommand({ Bucket: this.bucket, Key: key, UploadId: uploadId })));
    } catch (error) {
      if (errorName(error) !== 'NoSuchUpload' && s3Status(error) !== 404) throw error;
    }
  }

  /** A PUT URL for a client's direct upload: exactly `contentLength` bytes, as `application/octet-stream`. */
  presignPut(key: string, contentLength: number, expiresInSeconds: number): Promise<string> {
    return getSignedUrl(
      this.publicClient,
      new PutObjectCommand({ Bucket: this.bucket, Key: key, ContentLength: contentLength, ContentType: 'application/octet-stream' }),
      { expiresIn: expiresInSeconds, signableHeaders: new Set(['content-length', 'content-type']) },
    );
  }

  /** A GET URL for a client, answered with the type found in the bytes and the original name. */
  presignGet(key: string, expiresInSeconds: number, response: { contentType: string; disposition?: string }): Promise<string> {
    return getSignedUrl(
      this.publicClient,
      new GetObjectCommand({
        Bucket: this.bucket,
        Key: key,
        ResponseContentType: response.contentType,
        ResponseContentDisposition: response.disposition,
      }),
      { expiresIn: expiresInSeconds },
    );
  }

  /** A PUT URL for a JSON document, for a service of the fleet (signed for the inside endpoint). */
  presignJsonPut(key: string, expiresInSeconds: number): Promise<string> {
    return getSignedUrl(this.client, new PutObjectCommand({ Bucket: this.bucket, Key: key, ContentType: 'application/json' }), {
      expiresIn: expiresInSeconds,
    });
  }

  /** The object's size, or null when there is no such object. */
  async size(key: string): Promise<number | null> {
    try {
      const head = await this.call((c) => c.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key })));
      return head.ContentLength ?? 0;
    } catch (error) {
      if (s3Status(error) === 404) return null;
      throw error;
    }
  }

  /** The first `length` bytes of an object (fewer if it is shorter). */
  async head(key: string, length: number): Promise<Buffer> {
    const object = await this.call((c) => c.send(new GetObjectCommand({ Bucket: this.bucket, Key: key, Range: `bytes=0-${length - 1}` })));
    return Buffer.from(await object.Body!.transformToByteArray());
  }

  async read(key: string): Promise<Readable> {
    const object = await this.call((c) => c.send(new GetObjectCommand({ Bucket: this.bucket, Key: key })));
    return object.Body as Readable;
  }

  async put(key: string, body: Buffer, contentType: string): Promise<void> {
    await this.call((c) => c.send(new PutObjectCommand({ Bucket: this.bucket, Key: key, Body: body, ContentType: contentType })));
  }

  /** Deletes every object under `prefix`; returns how many there were. */
  async deletePrefix(prefix: string): Promise<number> {
    let deleted = 0;
    let token: string | undefined;
    do {
      const page = await this.call((c) =>
        c.send(new ListObjectsV2Command({ Bucket: this.bucket, Prefix: prefix, ContinuationToken: token })),
      );
      const keys = (page.Contents ?? []).map((o) => ({ Key: o.Key! }));
      if (keys.length) {
        await this.call((c) => c.send(new DeleteObjectsCommand({ Bucket: this.bucket, Delete: { Objects: keys, Quiet: true } })));
        deleted += keys.length;
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    return deleted;
  }

  /** Multipart uploads under `prefix` started before `before`. */
  async staleUploads(prefix: string, before: Date): Promise<{ key: string; uploadId: string }[]> {
    const out: { key: string; uploadId: string }[] = [];
    let keyMarker: string | undefined;
    let uploadIdMarker: string | undefined;
    do {
      const page = await this.call((c) =>
        c.send(
          new ListMultipartUploadsCommand({ Bucket: this.bucket, Prefix: prefix, KeyMarker: keyMarker, UploadIdMarker: uploadIdMarker }),
        ),
      );
      for (const upload of page.Uploads ?? [])
        if (upload.Key && upload.UploadId && upload.Initiated && upload.Initiated < before)
          out.push({ key: upload.Key, uploadId: upload.UploadId });
      keyMarker = page.IsTruncated ? page.NextKeyMarker : undefined;
      uploadIdMarker = page.IsTruncated ? page.NextUploadIdMarker : undefined;
    } while (keyMarker);
    return out;
  }

  /** One S3 call; failures of S3 itself become StorageUnavailable. */
  private async call<T>(request: (client: S3Client) => Promise<T>): Promise<T> {
    try {
      return await request(this.client);
    } catch (error) {
      throw classify(error);
    }
  }

  close(): void {
    this.client.destroy();
    if (this.publicClient !== this.client) this.publicClient.destroy();
  }
}
