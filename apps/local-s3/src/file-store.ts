import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable, Transform, TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { S3Error } from './s3-error';

/** What S3 keeps beside an object's bytes. */
export interface ObjectMeta {
  key: string;
  size: number;
  etag: string;
  lastModified: string;
  contentType: string;
  headers: Record<string, string>;
  metadata: Record<string, string>;
}

export interface UploadMeta {
  uploadId: string;
  bucket: string;
  key: string;
  initiated: string;
  contentType: string;
  headers: Record<string, string>;
  metadata: Record<string, string>;
}

export interface PartMeta {
  partNumber: number;
  etag: string;
  size: number;
  lastModified: string;
}

/** What an uploaded body must match: the hash its signature promised, and its length. */
export interface BodyCheck {
  sha256?: string;
  length?: number;
}

const BUCKET_NAME = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const MIN_PART_BYTES = 5 * 1024 * 1024;
const MAX_PARTS = 10_000;

/** Counts, MD5s (the ETag) and SHA-256s a body on its way to disk. */
class BodyDigest extends Transform {
  readonly md5 = createHash('md5');
  readonly sha256 = createHash('sha256');
  bytes = 0;

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.bytes += chunk.length;
    this.md5.update(chunk);
    this.sha256.update(chunk);
    callback(null, chunk);
  }
}

const keyName = (key: string) => createHash('sha256').update(key, 'utf8').digest('hex');

/**
 * Buckets, objects and multipart uploads on the local disk: `<root>/buckets/<bucket>/<sha256 of
 * key>.{bin,json}` and `<root>/uploads/<id>/`. Every write lands in a temporary file first and is
 * renamed into place, so a reader never sees half an object.
 */
export class FileStore {
  constructor(private readonly root: string) {}

  async init(): Promise<void> {
    await mkdir(join(this.root, 'buckets'), { recursive: true });
    await mkdir(join(this.root, 'uploads'), { recursive: true });
    await mkdir(join(this.root, 'tmp'), { recursive: true });
  }

  private bucketDir(bucket: string): string {
    if (!BUCKET_NAME.test(bucket)) throw new S3Error(400, 'InvalidBucketName', 'The specified bucket is not valid');
    return join(this.root, 'buckets', bucket);
  }

  private tempFile(): string {
    return join(this.root, 'tmp', `${Date.now()}-${randomBytes(8).toString('hex')}`);
  }

  async bucketExists(bucket: string): Promise<boolean> {
    return stat(this.bucketDir(bucket)).then(
      (s) => s.isDirectory(),
      () => false,
    );
  }

  async requireBucket(bucket: string): Promise<string> {
    if (!(await this.bucketExists(bucket))) throw new S3Error(404, 'NoSuchBucket', 'The specified bucket does not exist');
    return this.bucketDir(bucket);
  }

  async createBucket(bucket: string): Promise<void> {
    if (await this.bucketExists(bucket))
      throw new S3Error(409, 'BucketAlreadyOwnedByYou', 'Your previous request to create the named bucket succeeded');
    await mkdir(this.bucketDir(bucket), { recursive: true });
  }

  async deleteBucket(bucket: string): Promise<void> {
    const dir = await this.requireBucket(bucket);
    if ((await readdir(dir)).length > 0 || (await this.listUploads(bucket)).length > 0)
      throw new S3Error(409, 'BucketNotEmpty', 'The bucket you tried to delete is not empty');
    await rm(dir, { recursive: true, force: true });
  }

  async listBuckets(): Promise<{ name: string; created: string }[]> {
    const names = await readdir(join(this.root, 'buckets'));
    return Promise.all(names.sort().map(async (name) => ({ name, created: (await stat(this.bucketDir(name))).birthtime.toISOString() })));
  }

  /** Streams `body` into a temporary file, checking what the signature promised; returns its digest. */
  private async receive(body: Readable, check: BodyCheck): Promise<{ file: string; size: number; md5: Buffer }> {
    const file = this.tempFile();
    const digest = new BodyDigest();
    try {
      await pipeline(body, digest, createWriteStream(file));
      if (check.length !== undefined && digest.bytes !== check.length)
        throw new S3Error(400, 'IncompleteBody', 'You did not provide the number of bytes specified by the Content-Length HTTP header');
      if (check.sha256 && digest.sha256.digest('hex') !== check.sha256)
        throw new S3Error(400, 'XAmzContentSHA256Mismatch', "The provided 'x-amz-content-sha256' header does not match what was computed");
      return { file, size: digest.bytes, md5: digest.md5.digest() };
    } catch (error) {
      await rm(file, { force: true });
      throw error;
    }
  }

  private async commitObject(dir: string, temp: string, meta: ObjectMeta): Promise<ObjectMeta> {
    const base = join(dir, keyName(meta.key));
    await rename(temp, `${base}.bin`);
    const metaTemp = this.tempFile();
    await writeFile(metaTemp, JSON.stringify(meta));
    await rename(metaTemp, `${base}.json`);
    return meta;
  }

  async putObject(
    bucket: string,
    key: string,
    body: Readable,
    check: BodyCheck,
    info: Pick<ObjectMeta, 'contentType' | 'headers' | 'metadata'>,
  ): Promise<ObjectMeta> {
    const dir = await this.requireBucket(bucket);
    const received = await this.receive(body, check);
    return this.commitObject(dir, received.file, {
      key,
      size: received.size,
      etag: `"${received.md5.toString('hex')}"`,
      lastModified: new Date().toISOString(),
      ...info,
    });
  }

  async headObject(bucket: string, key: string): Promise<ObjectMeta> {
    const dir = await this.requireBucket(bucket);
    try {
      return JSON.parse(await readFile(join(dir, `${keyName(key)}.json`), 'utf8')) as ObjectMeta;
    } catch {
      throw new S3Error(404, 'NoSuchKey', 'The specified key does not exist.');
    }
  }

  /** The object's bytes, `[start, end]` inclusive. */
  readObject(bucket: string, key: string, start: number, end: number): Readable {
    return createReadStream(join(this.bucketDir(bucket), `${keyName(key)}.bin`), { start, end });
  }

  async deleteObject(bucket: string, key: string): Promise<void> {
    const dir = await this.requireBucket(bucket);
    const base = join(dir, keyName(key));
    await rm(`${base}.json`, { force: true });
    await rm(`${base}.bin`, { force: true });
  }

  async listObjects(bucket: string): Promise<ObjectMeta[]> {
    const dir = await this.requireBucket(bucket);
    const files = (await readdir(dir)).filter((f) => f.endsWith('.json'));
    const metas = await Promise.all(
      files.map((f) =>
        readFile(join(dir, f), 'utf8').then(
          (text) => JSON.parse(text) as ObjectMeta,
          () => null, // deleted meanwhile
        ),
      ),
    );
    return metas.filter((m): m is ObjectMeta => m !== null).sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }

  private uploadDir(uploadId: string): string {
    if (!/^[A-Za-z0-9_-]{10,100}$/.test(uploadId)) throw new S3Error(404, 'NoSuchUpload', 'The specified upload does not exist');
    return join(this.root, 'uploads', uploadId);
  }

  async createUpload(bucket: string, key: string, info: Pick<UploadMeta, 'contentType' | 'headers' | 'metadata'>): Promise<UploadMeta> {
    await this.requireBucket(bucket);
    const uploadId = randomBytes(24).toString('base64url');
    const meta: UploadMeta = { uploadId, bucket, key, initiated: new Date().toISOString(), ...info };
    await mkdir(this.uploadDir(uploadId));
    await writeFile(join(this.uploadDir(uploadId), 'upload.json'), JSON.stringify(meta));
    return meta;
  }

  async getUpload(bucket: string, key: string, uploadId: string): Promise<UploadMeta> {
    try {
      const meta = JSON.parse(await readFile(join(this.uploadDir(uploadId), 'upload.json'), 'utf8')) as UploadMeta;
      if (meta.bucket === bucket && meta.key === key) return meta;
    } catch {
      /* unknown upload */
    }
    throw new S3Error(
      404,
      'NoSuchUpload',
      'The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.',
    );
  }

  async uploadPart(bucket: string, key: string, uploadId: string, partNumber: number, body: Readable, check: BodyCheck): Promise<PartMeta> {
    if (!Number.isInteger(partNumber) || partNumber < 1 || partNumber > MAX_PARTS)
      throw new S3Error(400, 'InvalidArgument', 'Part number must be an integer between 1 and 10000, inclusive');
    await this.getUpload(bucket, key, uploadId);
    const received = await this.receive(body, check);
    const part: PartMeta = {
      partNumber,
      etag: `"${received.md5.toString('hex')}"`,
      size: received.size,
      lastModified: new Date().toISOString(),
    };
    const dir = this.uploadDir(uploadId);
    try {
      await rename(received.file, join(dir, `part-${partNumber}.bin`));
      await writeFile(join(dir, `part-${partNumber}.json`), JSON.stringify(part));
    } catch {
      await rm(received.file, { force: true });
      throw new S3Error(404, 'NoSuchUpload', 'The specified upload does not exist');
    }
    return part;
  }

  async listParts(bucket: string, key: string, uploadId: string): Promise<PartMeta[]> {
    await this.getUpload(bucket, key, uploadId);
    const dir = this.uploadDir(uploadId);
    const names = (await readdir(dir)).filter((f) => /^part-\d+\.json$/.test(f));
    const parts = await Promise.all(names.map(async (f) => JSON.parse(await readFile(join(dir, f), 'utf8')) as PartMeta));
    return parts.sort((a, b) => a.partNumber - b.partNumber);
  }

  async completeUpload(
    bucket: string,
    key: string,
    uploadId: string,
    requested: { partNumber: number; etag: string }[],
  ): Promise<ObjectMeta> {
    const upload = await this.getUpload(bucket, key, uploadId);
    if (requested.length === 0) throw new S3Error(400, 'MalformedXML', 'You must specify at least one part');
    const stored = new Map((await this.listParts(bucket, key, uploadId)).map((p) => [p.partNumber, p]));
    const parts: PartMeta[] = [];
    for (const [index, wanted] of requested.entries()) {
      if (index > 0 && wanted.partNumber <= requested[index - 1].partNumber)
        throw new S3Error(400, 'InvalidPartOrder', 'The list of parts was not in ascending order');
      const part = stored.get(wanted.partNumber);
      if (!part || part.etag.replace(/"/g, '') !== wanted.etag.replace(/"/g, ''))
        throw new S3Error(400, 'InvalidPart', 'One or more of the specified parts could not be found');
      parts.push(part);
    }
    for (const part of parts.slice(0, -1))
      if (part.size < MIN_PART_BYTES)
        throw new S3Error(400, 'EntityTooSmall', 'Your proposed upload is smaller than the minimum allowed object size');

    const dir = this.uploadDir(uploadId);
    const temp = this.tempFile();
    try {
      await pipeline(async function* () {
        for (const part of parts) yield* createReadStream(join(dir, `part-${part.partNumber}.bin`));
      }, createWriteStream(temp));
    } catch (error) {
      await rm(temp, { force: true });
      throw error;
    }
    const md5s = Buffer.concat(parts.map((p) => Buffer.from(p.etag.replace(/"/g, ''), 'hex')));
    const meta = await this.commitObject(await this.requireBucket(bucket), temp, {
      key,
      size: parts.reduce((sum, p) => sum + p.size, 0),
      etag: `"${createHash('md5').update(md5s).digest('hex')}-${parts.length}"`,
      lastModified: new Date().toISOString(),
      contentType: upload.contentType,
      headers: upload.headers,
      metadata: upload.metadata,
    });
    await rm(dir, { recursive: true, force: true });
    return meta;
  }

  async abortUpload(bucket: string, key: string, uploadId: string): Promise<void> {
    await this.getUpload(bucket, key, uploadId);
    await rm(this.uploadDir(uploadId), { recursive: true, force: true });
  }

  async listUploads(bucket: string): Promise<UploadMeta[]> {
    const ids = await readdir(join(this.root, 'uploads'));
    const metas = await Promise.all(
      ids.map((id) =>
        readFile(join(this.root, 'uploads', id, 'upload.json'), 'utf8').then(
          (text) => JSON.parse(text) as UploadMeta,
          () => null,
        ),
      ),
    );
    return metas
      .filter((m): m is UploadMeta => m !== null && m.bucket === bucket)
      .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.initiated < b.initiated ? -1 : 1));
  }
}
