import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListMultipartUploadsCommand,
  ListObjectsV2Command,
  ListPartsCommand,
  PutObjectCommand,
  S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { LocalS3, startLocalS3 } from './local-s3.server';

const credentials = { accessKeyId: 'spec-key', secretAccessKey: 'spec-secret', region: 'us-east-1' };
const MiB = 1024 * 1024;

describe('local S3 server, through the AWS SDK', () => {
  let server: LocalS3;
  let dataDir: string;
  let s3: S3Client;
  const bucket = `spec-${randomBytes(4).toString('hex')}`;

  const client = (overrides: Partial<ConstructorParameters<typeof S3Client>[0]> = {}) =>
    new S3Client({
      endpoint: server.url,
      region: credentials.region,
      forcePathStyle: true,
      credentials: { accessKeyId: credentials.accessKeyId, secretAccessKey: credentials.secretAccessKey },
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
      ...overrides,
    });

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'local-s3-spec-'));
    server = await startLocalS3({ port: 0, host: '127.0.0.1', dataDir, credentials });
    s3 = client();
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  });
  afterAll(async () => {
    s3?.destroy();
    await server?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('creates a bucket once and answers HeadBucket for it only', async () => {
    await expect(s3.send(new HeadBucketCommand({ Bucket: bucket }))).resolves.toBeDefined();
    await expect(s3.send(new CreateBucketCommand({ Bucket: bucket }))).rejects.toMatchObject({ name: 'BucketAlreadyOwnedByYou' });
    await expect(s3.send(new HeadBucketCommand({ Bucket: 'no-such-bucket-here' }))).rejects.toMatchObject({
      $metadata: { httpStatusCode: 404 },
    });
  });

  it('stores, reads (whole and by range), heads and deletes an object', async () => {
    const body = randomBytes(10_000);
    await s3.send(
      new PutObjectCommand({ Bucket: bucket, Key: 'a/b c.bin', Body: body, ContentType: 'image/png', Metadata: { owner: 'x' } }),
    );
    const whole = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'a/b c.bin' }));
    expect(Buffer.from(await whole.Body!.transformToByteArray()).equals(body)).toBe(true);
    expect(whole.ContentType).toBe('image/png');
    expect(whole.ETag).toBe(`"${createHash('md5').update(body).digest('hex')}"`);
    expect(whole.Metadata).toEqual({ owner: 'x' });

    const head = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'a/b c.bin', Range: 'bytes=0-15' }));
    expect(head.ContentRange).toBe('bytes 0-15/10000');
    expect(Buffer.from(await head.Body!.transformToByteArray()).equals(body.subarray(0, 16))).toBe(true);
    const tail = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'a/b c.bin', Range: 'bytes=-10' }));
    expect(Buffer.from(await tail.Body!.transformToByteArray()).equals(body.subarray(-10))).toBe(true);
    await expect(s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'a/b c.bin', Range: 'bytes=20000-' }))).rejects.toMatchObject({
      $metadata: { httpStatusCode: 416 },
    });

    expect((await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: 'a/b c.bin' }))).ContentLength).toBe(10_000);
    await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: 'a/b c.bin' }));
    await expect(s3.send(new HeadObjectCommand({ Bucket: bucket, Key: 'a/b c.bin' }))).rejects.toMatchObject({ name: 'NotFound' });
    await expect(s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'a/b c.bin' }))).rejects.toMatchObject({ name: 'NoSuchKey' });
  });

  it('accepts a streamed body sent aws-chunked with a trailing checksum (the SDK default)', async () => {
    const sdkDefaults = client({ requestChecksumCalculation: 'WHEN_SUPPORTED' });
    const body = randomBytes(200_000);
    await sdkDefaults.send(
      new PutObjectCommand({ Bucket: bucket, Key: 'chunked.bin', Body: Readable.from([body]), ContentLength: body.length }),
    );
    const stored = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'chunked.bin' }));
    expect(Buffer.from(await stored.Body!.transformToByteArray()).equals(body)).toBe(true);
    sdkDefaults.destroy();
  });

  it('lists by prefix and delimiter, in pages, and deletes in batches', async () => {
    const keys = ['list/1', 'list/2', 'list/3', 'list/sub/4', 'other/5'];
    for (const key of keys) await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: key }));
    const firstPage = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: 'list/', MaxKeys: 2 }));
    expect(firstPage.Contents?.map((o) => o.Key)).toEqual(['list/1', 'list/2']);
    expect(firstPage.IsTruncated).toBe(true);
    const secondPage = await s3.send(
      new ListObjectsV2Command({ Bucket: bucket, Prefix: 'list/', MaxKeys: 2, ContinuationToken: firstPage.NextContinuationToken }),
    );
    expect(secondPage.Contents?.map((o) => o.Key)).toEqual(['list/3', 'list/sub/4']);
    const grouped = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: 'list/', Delimiter: '/' }));
    expect(grouped.Contents?.map((o) => o.Key)).toEqual(['list/1', 'list/2', 'list/3']);
    expect(grouped.CommonPrefixes?.map((p) => p.Prefix)).toEqual(['list/sub/']);

    await s3.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: keys.map((Key) => ({ Key })) } }));
    expect((await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: 'list/' }))).KeyCount).toBe(0);
    expect((await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: 'other/' }))).KeyCount).toBe(0);
  });

  it('assembles a multipart upload whose parts arrive through presigned UploadPart URLs', async () => {
    const key = 'multi/big.bin';
    const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: key, ContentType: 'video/mp4' }));
    const parts = [randomBytes(5 * MiB), randomBytes(1234)];
    const etags: string[] = [];
    for (const [index, part] of parts.entries()) {
      const url = await getSignedUrl(s3, new UploadPartCommand({ Bucket: bucket, Key: key, UploadId, PartNumber: index + 1 }), {
        expiresIn: 600,
      });
      const response = await fetch(url, { method: 'PUT', body: part });
      expect(response.status).toBe(200);
      etags.push(response.headers.get('etag')!);
    }
    const listed = await s3.send(new ListPartsCommand({ Bucket: bucket, Key: key, UploadId }));
    expect(listed.Parts?.map((p) => p.Size)).toEqual([5 * MiB, 1234]);
    const uploads = await s3.send(new ListMultipartUploadsCommand({ Bucket: bucket, Prefix: 'multi/' }));
    expect(uploads.Uploads?.map((u) => u.UploadId)).toEqual([UploadId]);

    const done = await s3.send(
      new CompleteMultipartUploadCommand({
        Bucket: bucket,
        Key: key,
        UploadId,
        MultipartUpload: { Parts: etags.map((ETag, i) => ({ ETag, PartNumber: i + 1 })) },
      }),
    );
    expect(done.ETag).toMatch(/-2"$/);
    const stored = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    expect(stored.ContentType).toBe('video/mp4');
    expect(Buffer.from(await stored.Body!.transformToByteArray()).equals(Buffer.concat(parts))).toBe(true);
    expect((await s3.send(new ListMultipartUploadsCommand({ Bucket: bucket, Prefix: 'multi/' }))).Uploads ?? []).toEqual([]);
  });

  it('refuses parts under 5 MiB except the last, and an aborted upload leaves nothing', async () => {
    const key = 'multi/small.bin';
    const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: key }));
    const etags = [];
    for (const PartNumber of [1, 2])
      etags.push((await s3.send(new UploadPartCommand({ Bucket: bucket, Key: key, UploadId, PartNumber, Body: randomBytes(100) }))).ETag!);
    await expect(
      s3.send(
        new CompleteMultipartUploadCommand({
          Bucket: bucket,
          Key: key,
          UploadId,
          MultipartUpload: { Parts: etags.map((ETag, i) => ({ ETag, PartNumber: i + 1 })) },
        }),
      ),
    ).rejects.toMatchObject({ name: 'EntityTooSmall' });
    await s3.send(new AbortMultipartUploadCommand({ Bucket: bucket, Key: key, UploadId }));
    expect((await s3.send(new ListMultipartUploadsCommand({ Bucket: bucket, Prefix: key }))).Uploads ?? []).toEqual([]);
    expect((await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: key }))).KeyCount).toBe(0);
    await expect(s3.send(new UploadPartCommand({ Bucket: bucket, Key: key, UploadId, PartNumber: 3, Body: 'x' }))).rejects.toMatchObject({
      name: 'NoSuchUpload',
    });
  });

  describe('signatures', () => {
    const key = 'signed/object.txt';
    beforeAll(() => s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: 'hello' })));

    it('serves a presigned GET, with response header overrides', async () => {
      const url = await getSignedUrl(
        s3,
        new GetObjectCommand({ Bucket: bucket, Key: key, ResponseContentDisposition: 'attachment; filename="x.txt"' }),
        { expiresIn: 60 },
      );
      const response = await fetch(url);
      expect(response.status).toBe(200);
      expect(await response.text()).toBe('hello');
      expect(response.headers.get('content-disposition')).toBe('attachment; filename="x.txt"');
    });

    it('refuses a presigned URL once expired, tampered with, or signed with another secret', async () => {
      const url = await getSignedUrl(s3, new GetObjectCommand({ Bucket: bucket, Key: key }), { expiresIn: 60 });
      const expired = await getSignedUrl(s3, new GetObjectCommand({ Bucket: bucket, Key: key }), {
        expiresIn: 60,
        signingDate: new Date(Date.now() - 120_000),
      });
      const wrongSecret = await getSignedUrl(
        client({ credentials: { accessKeyId: credentials.accessKeyId, secretAccessKey: 'guessed' } }),
        new GetObjectCommand({ Bucket: bucket, Key: key }),
        { expiresIn: 60 },
      );
      const otherKey = url.replace(encodeURI(key), 'signed/other.txt');
      for (const [what, target] of [
        ['expired', expired],
        ['wrong secret', wrongSecret],
        ['another key', otherKey],
        ['unsigned', `${server.url}/${bucket}/${key}`],
      ]) {
        const response = await fetch(target);
        expect({ what, status: response.status }).toEqual({ what, status: 403 });
        expect(await response.text()).toMatch(/<Code>(AccessDenied|SignatureDoesNotMatch)<\/Code>/);
      }
    });

    it('holds a presigned PUT to the Content-Length it was signed with', async () => {
      const url = await getSignedUrl(s3, new PutObjectCommand({ Bucket: bucket, Key: 'signed/put.bin', ContentLength: 4 }), {
        expiresIn: 60,
        signableHeaders: new Set(['content-length']),
      });
      expect((await fetch(url, { method: 'PUT', body: 'toolong' })).status).toBe(403);
      expect((await fetch(url, { method: 'PUT', body: 'four' })).status).toBe(200);
      const stored = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'signed/put.bin' }));
      expect(await stored.Body!.transformToString()).toBe('four');
    });
  });
});
