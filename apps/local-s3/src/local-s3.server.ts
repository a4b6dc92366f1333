import { randomBytes } from 'node:crypto';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { AwsChunkedDecoder } from './aws-chunked';
import { BodyCheck, FileStore, ObjectMeta } from './file-store';
import { S3Error, xmlBlocks, xmlDocument, xmlElements, xmlEscape, xmlValues } from './s3-error';
import { Credentials, queryPairs, VerifiedRequest, verifyRequest } from './sigv4';

export interface LocalS3Options {
  port: number;
  host: string;
  dataDir: string;
  credentials: Credentials;
  /** Called with unexpected errors (a bug or a disk problem), never with a client's mistake. */
  onError?: (error: unknown) => void;
}

export interface LocalS3 {
  /** Where it listens, e.g. `http://127.0.0.1:9000`. */
  url: string;
  close(): Promise<void>;
}

const SMALL_BODY_LIMIT = 1024 * 1024;
const MAX_OBJECT_BYTES = 5 * 1024 * 1024 * 1024;
const STORED_HEADERS = ['content-disposition', 'cache-control', 'content-encoding', 'content-language', 'expires'];
const RESPONSE_OVERRIDES: Record<string, string> = {
  'response-content-type': 'content-type',
  'response-content-disposition': 'content-disposition',
  'response-cache-control': 'cache-control',
  'response-content-encoding': 'content-encoding',
  'response-content-language': 'content-language',
  'response-expires': 'expires',
};

interface Call {
  req: IncomingMessage;
  res: ServerResponse;
  method: string;
  bucket: string;
  key: string;
  query: Map<string, string>;
  verified: VerifiedRequest;
}

function sendXml(res: ServerResponse, status: number, root: string, inner: string): void {
  const body = xmlDocument(root, inner);
  res.writeHead(status, { 'Content-Type': 'application/xml', 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
}

function sendEmpty(res: ServerResponse, status: number, headers: Record<string, string> = {}): void {
  res.writeHead(status, { ...headers, 'Content-Length': '0' });
  res.end();
}

function decodePath(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new S3Error(400, 'InvalidURI', 'Could not parse the specified URI');
  }
}

/** The body of a PUT as the bytes the client meant (aws-chunked framing removed), and what to check. */
function uploadBody(req: IncomingMessage, verified: VerifiedRequest): { body: Readable; check: BodyCheck } {
  const encoding = String(req.headers['content-encoding'] ?? '');
  if (verified.payloadHash.startsWith('STREAMING-') || encoding.split(',').some((e) => e.trim() === 'aws-chunked')) {
    const decoded = req.headers['x-amz-decoded-content-length'];
    const decoder = new AwsChunkedDecoder();
    req.on('error', (error) => decoder.destroy(error));
    return { body: req.pipe(decoder), check: { length: decoded !== undefined ? Number(decoded) : undefined } };
  }
  const length = req.headers['content-length'];
  if (length === undefined) throw new S3Error(411, 'MissingContentLength', 'You must provide the Content-Length HTTP header.');
  if (Number(length) > MAX_OBJECT_BYTES) throw new S3Error(400, 'EntityTooLarge', 'Your proposed upload exceeds the maximum allowed size');
  return {
    body: req,
    check: { length: Number(length), sha256: /^[0-9a-f]{64}$/.test(verified.payloadHash) ? verified.payloadHash : undefined },
  };
}

async function smallBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > SMALL_BODY_LIMIT) throw new S3Error(400, 'MaxMessageLengthExceeded', 'Your request was too big.');
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Content type, the standard headers S3 keeps, and `x-amz-meta-*`, from an upload request. */
function objectInfo(req: IncomingMessage): Pick<ObjectMeta, 'contentType' | 'headers' | 'metadata'> {
  const headers: Record<string, string> = {};
  const metadata: Record<string, string> = {};
  for (const name of STORED_HEADERS) {
    let value = req.headers[name];
    if (typeof value !== 'string') continue;
    if (name === 'content-encoding')
      value = value
        .split(',')
        .map((e) => e.trim())
        .filter((e) => e && e !== 'aws-chunked')
        .join(',');
    if (value) headers[name] = value;
  }
  for (const [name, value] of Object.entries(req.headers))
    if (name.startsWith('x-amz-meta-') && typeof value === 'string') metadata[name.slice('x-amz-meta-'.length)] = value;
  return { contentType: String(req.headers['content-type'] ?? 'binary/octet-stream'), headers, metadata };
}

function objectHeaders(meta: ObjectMeta, query: Map<string, string>): Record<string, string> {
  const headers: Record<string, string> = {
    'Content-Type': meta.contentType,
    ETag: meta.etag,
    'Last-Modified': new Date(meta.lastModified).toUTCString(),
    'Accept-Ranges': 'bytes',
    ...meta.headers,
  };
  for (const [name, value] of Object.entries(meta.metadata)) headers[`x-amz-meta-${name}`] = value;
  for (const [param, header] of Object.entries(RESPONSE_OVERRIDES)) {
    const value = query.get(param);
    if (value === undefined) continue;
    delete headers[header === 'content-type' ? 'Content-Type' : header];
    headers[header] = value;
  }
  return headers;
}

/** `bytes=a-b`, `bytes=a-` or `bytes=-n` into an inclusive range; null for the whole object. */
function parseRange(header: string | undefined, size: number): { start: number; end: number } | null {
  if (!header) return null;
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m || (m[1] === '' && m[2] === '')) return null; // several ranges or nonsense: the whole object, as S3 does
  if (m[1] === '') {
    const suffix = Number(m[2]);
    if (suffix === 0 || size === 0) throw new S3Error(416, 'InvalidRange', 'The requested range is not satisfiable');
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(m[1]);
  const end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
  if (start >= size || end < start) throw new S3Error(416, 'InvalidRange', 'The requested range is not satisfiable');
  return { start, end };
}

/**
 * A small S3-compatible server for `npm start` and the tests: path-style requests only, SigV4
 * (header or presigned query) checked against one key pair, objects and multipart uploads on the
 * local disk. It speaks the subset of the S3 API the platform and the AWS SDK use.
 */
export class LocalS3Server {
  /** Where it listens, once it does (for the Location of completed uploads). */
  url = '';

  constructor(
    private readonly store: FileStore,
    private readonly options: LocalS3Options,
  ) {}

  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    res.setHeader('x-amz-request-id', randomBytes(8).toString('hex').toUpperCase());
    // Browsers upload straight to presigned URLs; a local stand-in allows any origin.
    res.setHeader('Access-Control-Allow-Origin', '*');
    res.setHeader('Access-Control-Expose-Headers', 'ETag, x-amz-request-id');
    const method = req.method ?? 'GET';
    const url = req.url ?? '/';
    const at = url.indexOf('?');
    const rawPath = at < 0 ? url : url.slice(0, at);
    const rawQuery = at < 0 ? '' : url.slice(at + 1);
    try {
      if (method === 'OPTIONS') {
        res.setHeader('Access-Control-Allow-Methods', 'GET, PUT, POST, DELETE, HEAD');
        res.setHeader('Access-Control-Allow-Headers', String(req.headers['access-control-request-headers'] ?? '*'));
        res.setHeader('Access-Control-Max-Age', '3600');
        return sendEmpty(res, 200);
      }
      const verified = verifyRequest({ method, rawPath, rawQuery, headers: req.headers }, this.options.credentials);
      const slash = rawPath.indexOf('/', 1);
      const bucket = decodePath(slash < 0 ? rawPath.slice(1) : rawPath.slice(1, slash));
      const key = slash < 0 ? '' : decodePath(rawPath.slice(slash + 1));
      const call: Call = { req, res, method, bucket, key, query: new Map(queryPairs(rawQuery)), verified };
      if (!bucket) await this.service(call);
      else if (!key) await this.bucketCall(call);
      else await this.objectCall(call);
    } catch (error) {
      this.fail(req, res, rawPath, error);
    }
  }

  private fail(req: IncomingMessage, res: ServerResponse, resource: string, error: unknown): void {
    const known = error instanceof S3Error;
    if (!known) this.options.onError?.(error);
    const status = known ? error.status : 500;
    const code = known ? error.code : 'InternalError';
    const message = known ? error.message : 'We encountered an internal error. Please try again.';
    if (!req.complete) req.resume(); // a refused upload: read and drop the rest so the client sees the answer
    if (res.headersSent) return void res.destroy();
    if (req.method === 'HEAD') return sendEmpty(res, status);
    sendXml(res, status, 'Error', xmlElements({ Code: code, Message: message, Resource: resource }));
  }

  private async service(call: Call): Promise<void> {
    if (call.method !== 'GET') throw new S3Error(405, 'MethodNotAllowed', 'The specified method is not allowed against this resource.');
    const buckets = await this.store.listBuckets();
    const inner = buckets.map((b) => `<Bucket>${xmlElements({ Name: b.name, CreationDate: b.created })}</Bucket>`).join('');
    sendXml(
      call.res,
      200,
      'ListAllMyBucketsResult',
      `<Owner><ID>local</ID><DisplayName>local</DisplayName></Owner><Buckets>${inner}</Buckets>`,
    );
  }

  private async bucketCall(call: Call): Promise<void> {
    const { method, bucket, query, res } = call;
    if (method === 'HEAD') {
      await this.store.requireBucket(bucket);
      return sendEmpty(res, 200, { 'x-amz-bucket-region': this.options.credentials.region });
    }
    if (method === 'PUT') {
      await smallBody(call.req); // an optional CreateBucketConfiguration
      await this.store.createBucket(bucket);
      return sendEmpty(res, 200, { Location: `/${bucket}` });
    }
    if (method === 'DELETE') {
      await this.store.deleteBucket(bucket);
      return sendEmpty(res, 204);
    }
    if (method === 'POST' && query.has('delete')) return this.deleteObjects(call);
    if (method === 'GET' && query.has('uploads')) return this.listUploads(call);
    if (method === 'GET' && query.has('location')) {
      await this.store.requireBucket(bucket);
      const region = this.options.credentials.region;
      return sendXml(res, 200, 'LocationConstraint', region === 'us-east-1' ? '' : xmlEscape(region));
    }
    if (method === 'GET') return this.listObjects(call);
    throw new S3Error(405, 'MethodNotAllowed', 'The specified method is not allowed against this resource.');
  }

  private async objectCall(call: Call): Promise<void> {
    const { method, query } = call;
    const uploadId = query.get('uploadId');
    if (method === 'PUT' && call.req.headers['x-amz-copy-source'])
      throw new S3Error(501, 'NotImplemented', 'CopyObject is not implemented here');
    if (method === 'PUT' && uploadId !== undefined) return this.uploadPart(call, uploadId);
    if (method === 'PUT') return this.putObject(call);
    if (method === 'POST' && query.has('uploads')) return this.createUpload(call);
    if (method === 'POST' && uploadId !== undefined) return this.completeUpload(call, uploadId);
    if (method === 'GET' && uploadId !== undefined) return this.listParts(call, uploadId);
    if (method === 'GET' || method === 'HEAD') return this.getObject(call);
    if (method === 'DELETE' && uploadId !== undefined) {
      await this.store.abortUpload(call.bucket, call.key, uploadId);
      return sendEmpty(call.res, 204);
    }
    if (method === 'DELETE') {
      await this.store.deleteObject(call.bucket, call.key);
      return sendEmpty(call.res, 204);
    }
    throw new S3Error(405, 'MethodNotAllowed', 'The specified method is not allowed against this resource.');
  }

  private async putObject(call: Call): Promise<void> {
    await this.store.requireBucket(call.bucket);
    const { body, check } = uploadBody(call.req, call.verified);
    const meta = await this.store.putObject(call.bucket, call.key, body, check, objectInfo(call.req));
    sendEmpty(call.res, 200, { ETag: meta.etag });
  }

  private async getObject(call: Call): Promise<void> {
    const meta = await this.store.headObject(call.bucket, call.key);
    const headers = objectHeaders(meta, call.query);
    const range = parseRange(call.req.headers.range, meta.size);
    const start = range?.start ?? 0;
    const end = range?.end ?? meta.size - 1;
    if (range) headers['Content-Range'] = `bytes ${start}-${end}/${meta.size}`;
    headers['Content-Length'] = String(meta.size === 0 ? 0 : end - start + 1);
    call.res.writeHead(range ? 206 : 200, headers);
    if (call.method === 'HEAD' || meta.size === 0) return void call.res.end();
    const stream = this.store.readObject(call.bucket, call.key, start, end);
    stream.on('error', () => call.res.destroy());
    stream.pipe(call.res);
  }

  private async deleteObjects(call: Call): Promise<void> {
    await this.store.requireBucket(call.bucket);
    const body = await smallBody(call.req);
    const quiet = xmlValues(body, 'Quiet')[0]?.trim() === 'true';
    const keys = xmlBlocks(body, 'Object').map((o) => xmlValues(o, 'Key')[0]);
    if (keys.length === 0 || keys.length > 1000 || keys.some((k) => k === undefined))
      throw new S3Error(400, 'MalformedXML', 'The XML you provided was not well-formed');
    for (const key of keys) await this.store.deleteObject(call.bucket, key);
    const inner = quiet ? '' : keys.map((key) => `<Deleted>${xmlElements({ Key: key })}</Deleted>`).join('');
    sendXml(call.res, 200, 'DeleteResult', inner);
  }

  private async listObjects(call: Call): Promise<void> {
    const { query, bucket } = call;
    const v2 = query.get('list-type') === '2';
    const prefix = query.get('prefix') ?? '';
    const delimiter = query.get('delimiter') ?? '';
    const maxKeys = Math.min(Math.max(Number(query.get('max-keys') ?? 1000) || 0, 0), 1000);
    const token = query.get('continuation-token');
    const marker = v2
      ? token
        ? Buffer.from(token, 'base64url').toString('utf8')
        : (query.get('start-after') ?? '')
      : (query.get('marker') ?? '');
    const objects = await this.store.listObjects(bucket);

    const contents: ObjectMeta[] = [];
    const prefixes: string[] = [];
    let truncated = false;
    let last = '';
    for (const object of objects) {
      if (!object.key.startsWith(prefix) || object.key <= marker) continue;
      if (marker && delimiter && marker.endsWith(delimiter) && object.key.startsWith(marker)) continue;
      const rest = object.key.slice(prefix.length);
      const cut = delimiter ? rest.indexOf(delimiter) : -1;
      const common = cut >= 0 ? prefix + rest.slice(0, cut + delimiter.length) : null;
      if (common && prefixes[prefixes.length - 1] === common) continue;
      if (contents.length + prefixes.length >= maxKeys) {
        truncated = true;
        break;
      }
      if (common) prefixes.push(common);
      else contents.push(object);
      last = common ?? object.key;
    }
    const items =
      contents
        .map(
          (o) =>
            `<Contents>${xmlElements({ Key: o.key, LastModified: o.lastModified, ETag: o.etag, Size: o.size, StorageClass: 'STANDARD' })}</Contents>`,
        )
        .join('') + prefixes.map((p) => `<CommonPrefixes>${xmlElements({ Prefix: p })}</CommonPrefixes>`).join('');
    const head = v2
      ? xmlElements({
          Name: bucket,
          Prefix: prefix,
          Delimiter: delimiter || undefined,
          MaxKeys: maxKeys,
          KeyCount: contents.length + prefixes.length,
          IsTruncated: truncated,
          ContinuationToken: token,
          NextContinuationToken: truncated ? Buffer.from(last, 'utf8').toString('base64url') : undefined,
          StartAfter: query.get('start-after'),
        })
      : xmlElements({
          Name: bucket,
          Prefix: prefix,
          Marker: marker,
          Delimiter: delimiter || undefined,
          MaxKeys: maxKeys,
          IsTruncated: truncated,
          NextMarker: truncated ? last : undefined,
        });
    sendXml(call.res, 200, 'ListBucketResult', head + items);
  }

  private async createUpload(call: Call): Promise<void> {
    await smallBody(call.req);
    const upload = await this.store.createUpload(call.bucket, call.key, objectInfo(call.req));
    sendXml(call.res, 200, 'InitiateMultipartUploadResult', xmlElements({ Bucket: call.bucket, Key: call.key, UploadId: upload.uploadId }));
  }

  private async uploadPart(call: Call, uploadId: string): Promise<void> {
    const partNumber = Number(call.query.get('partNumber'));
    await this.store.getUpload(call.bucket, call.key, uploadId);
    const { body, check } = uploadBody(call.req, call.verified);
    const part = await this.store.uploadPart(call.bucket, call.key, uploadId, partNumber, body, check);
    sendEmpty(call.res, 200, { ETag: part.etag });
  }

  private async completeUpload(call: Call, uploadId: string): Promise<void> {
    const body = await smallBody(call.req);
    const parts = xmlBlocks(body, 'Part').map((part) => ({
      partNumber: Number(xmlValues(part, 'PartNumber')[0]),
      etag: xmlValues(part, 'ETag')[0] ?? '',
    }));
    if (parts.some((p) => !Number.isInteger(p.partNumber)))
      throw new S3Error(400, 'MalformedXML', 'The XML you provided was not well-formed');
    const meta = await this.store.completeUpload(call.bucket, call.key, uploadId, parts);
    sendXml(
      call.res,
      200,
      'CompleteMultipartUploadResult',
      xmlElements({ Location: `${this.url}/${call.bucket}/${call.key}`, Bucket: call.bucket, Key: call.key, ETag: meta.etag }),
    );
  }

  private async listParts(call: Call, uploadId: string): Promise<void> {
    const parts = await this.store.listParts(call.bucket, call.key, uploadId);
    const inner =
      xmlElements({ Bucket: call.bucket, Key: call.key, UploadId: uploadId, PartNumberMarker: 0, MaxParts: 10000, IsTruncated: false }) +
      parts
        .map((p) => `<Part>${xmlElements({ PartNumber: p.partNumber, LastModified: p.lastModified, ETag: p.etag, Size: p.size })}</Part>`)
        .join('');
    sendXml(call.res, 200, 'ListPartsResult', inner);
  }

  private async listUploads(call: Call): Promise<void> {
    const prefix = call.query.get('prefix') ?? '';
    const uploads = (await this.store.listUploads(call.bucket)).filter((u) => u.key.startsWith(prefix));
    const inner =
      xmlElements({ Bucket: call.bucket, KeyMarker: '', UploadIdMarker: '', Prefix: prefix, MaxUploads: 1000, IsTruncated: false }) +
      uploads
        .map(
          (u) => `<Upload>${xmlElements({ Key: u.key, UploadId: u.uploadId, Initiated: u.initiated, StorageClass: 'STANDARD' })}</Upload>`,
        )
        .join('');
    sendXml(call.res, 200, 'ListMultipartUploadsResult', inner);
  }
}

/** Starts the local S3 server; resolves once it listens. */
export async function startLocalS3(options: LocalS3Options): Promise<LocalS3> {
  const store = new FileStore(options.dataDir);
  await store.init();
  const handler = new LocalS3Server(store, options);
  const server: Server = createServer((req, res) => void handler.handle(req, res));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const host = options.host === '0.0.0.0' || options.host === '::' ? '127.0.0.1' : options.host;
  handler.url = `http://${host}:${port}`;
  return {
    url: handler.url,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
