import { createHash, randomBytes } from 'node:crypto';
import { once } from 'node:events';
import v8 from 'node:v8';
import { runInNewContext } from 'node:vm';
import { ClientRequest, IncomingMessage, request } from 'node:http';
import { MAX_FILE_BYTES } from '@sf/contracts';
import { ApiClient, eventually, registerUser, RegisteredUser } from '@sf/testing';
import { startStorageFleet, StorageFleet } from '../storage-fleet';

const MiB = 1024 * 1024;
const PART_SIZE = 5 * MiB;
const CHUNK = 64 * 1024;

/** A multipart/form-data upload written by hand, so the test decides when each byte leaves. */
class HandWrittenUpload {
  private readonly boundary = `----sf${randomBytes(8).toString('hex')}`;
  private readonly head: Buffer;
  private readonly tail: Buffer;
  readonly request: ClientRequest;
  readonly response: Promise<{ status: number; body: any }>;
  readonly hash = createHash('sha256');
  sent = 0;

  /** `contentLength` null: sent chunked, without a Content-Length. */
  constructor(
    baseUrl: string,
    token: string,
    readonly size: number,
    contentLength?: number | null,
  ) {
    this.head = Buffer.from(
      `--${this.boundary}\r\nContent-Disposition: form-data; name="category"\r\n\r\nvideo\r\n` +
        `--${this.boundary}\r\nContent-Disposition: form-data; name="file"; filename="clip.mp4"\r\nContent-Type: video/mp4\r\n\r\n`,
    );
    this.tail = Buffer.from(`\r\n--${this.boundary}--\r\n`);
    this.request = request(new URL('/api/files/upload', baseUrl), {
      method: 'POST',
      headers: {
        Authorization: `Bearer ${token}`,
        'Content-Type': `multipart/form-data; boundary=${this.boundary}`,
        ...(contentLength === null ? {} : { 'Content-Length': String(contentLength ?? this.head.length + size + this.tail.length) }),
      },
    });
    this.request.on('error', () => undefined); // a refused or cut-off upload
    this.response = once(this.request, 'response').then(
      async ([response]: IncomingMessage[]) => {
        let text = '';
        for await (const chunk of response) text += String(chunk);
        return { status: response.statusCode ?? 0, body: text ? JSON.parse(text) : undefined };
      },
      () => ({ status: 0, body: undefined }), // cut off before any answer
    );
    this.request.write(this.head);
  }

  private async write(bytes: Buffer): Promise<void> {
    if (this.request.destroyed) return;
    // A dropped connection ends the wait as well as a drained one.
    if (!this.request.write(bytes)) await Promise.race([once(this.request, 'drain'), once(this.request, 'close')]).catch(() => undefined);
  }

  /** Sends file bytes (an MP4 head first, then noise) until `upTo` of them are out. */
  async sendUntil(upTo: number): Promise<void> {
    while (this.sent < upTo && !this.request.destroyed) {
      const chunk = randomBytes(Math.min(CHUNK, upTo - this.sent));
      if (this.sent === 0) Buffer.from('\0\0\0\x20ftypisom\0\0\x02\0isomiso2avc1mp41', 'latin1').copy(chunk);
      this.hash.update(chunk);
      this.sent += chunk.length;
      await this.write(chunk);
    }
  }

  async finish(): Promise<{ status: number; body: any }> {
    await this.sendUntil(this.size);
    if (!this.request.destroyed) this.request.end(this.tail);
    return this.response;
  }
}

describe('uploads stream through the gateway', () => {
  let storage: StorageFleet;
  let api: ApiClient;

  beforeAll(async () => {
    storage = await startStorageFleet({ STORAGE_PART_SIZE_BYTES: String(PART_SIZE) });
    api = storage.api;
  });
  afterAll(() => storage?.close());

  /** The gateway's own count of the most file bytes one upload has held in memory at once. */
  async function gatewayBufferHighWater(): Promise<number> {
    const text = await (await fetch(new URL('/metrics', await storage.fleet.gatewayMetricsUrl()))).text();
    const line = /^gateway_upload_buffered_bytes_max(?:\{[^}]*\})? (\S+)$/m.exec(text);
    return line ? Number(line[1]) : 0;
  }

  async function uploadOf(user: RegisteredUser, size: number) {
    const upload = new HandWrittenUpload(api.baseUrl, user.accessToken, size);
    const answer = await upload.finish();
    expect(answer.status).toBe(201);
    expect(answer.body.file_size).toBe(size);
    return { ...answer, sha256: upload.hash.digest('hex') };
  }

  it('holds one part of a 40 MB file in the gateway at most, no more than for a 6 MB file', async () => {
    const user = await registerUser(api);
    await uploadOf(user, 6 * MiB);
    const afterSmall = await gatewayBufferHighWater();
    expect(afterSmall).toBeGreaterThanOrEqual(PART_SIZE); // one whole part was held, and counted

    const big = await uploadOf(user, 40 * MiB);
    const afterBig = await gatewayBufferHighWater();
    // Seven times the bytes, and still one part held (plus at most the network chunk that filled
    // it): memory does not grow with the file. Buffering the file would have held 40 MB.
    expect(afterBig).toBeLessThan(afterSmall + 2 * CHUNK);
    expect(afterBig).toBeLessThan(PART_SIZE + 2 * CHUNK);

    // And the 40 MB arrived whole.
    const presigned = await api.post('/api/files/presigned-url', { file_id: big.body.file_id }, { token: user.accessToken });
    const download = await fetch(presigned.body.presigned_url);
    const hash = createHash('sha256');
    for await (const chunk of download.body as unknown as AsyncIterable<Uint8Array>) hash.update(chunk);
    expect(hash.digest('hex')).toBe(big.sha256);
    expect(big.body).toMatchObject({ category: 'video', content_type: 'video/mp4', preview_status: 'none' });
  });

  it('has parts in S3 while the client is still sending: nothing waits for the whole body', async () => {
    const user = await registerUser(api);
    const upload = new HandWrittenUpload(api.baseUrl, user.accessToken, 40 * MiB);
    await upload.sendUntil(24 * MiB);
    // 24 MB sent, 16 MB still to come: S3 already holds the first parts.
    const open = await eventually(async () => {
      const uploads = await storage.openUploads(`users/${user.id}/`);
      expect(uploads).toHaveLength(1);
      expect(uploads[0].parts).toBeGreaterThanOrEqual(3);
      return uploads[0];
    }, 15_000);
    expect(open.key).toMatch(new RegExp(`^users/${user.id}/[0-9a-f-]{36}/clip\\.mp4$`));
    const answer = await upload.finish();
    expect(answer.status).toBe(201);
    expect(await storage.openUploads(`users/${user.id}/`)).toEqual([]);
  });

  it('refuses a declared Content-Length over the limit before reading the body', async () => {
    const user = await registerUser(api);
    const upload = new HandWrittenUpload(api.baseUrl, user.accessToken, MAX_FILE_BYTES + 2 * MiB);
    await upload.sendUntil(MiB); // a fraction; the answer comes anyway
    const answer = await upload.response;
    expect(answer.status).toBe(413);
    expect(answer.body.error.code).toBe('PAYLOAD_TOO_LARGE');
    upload.request.destroy();
    expect(await storage.openUploads(`users/${user.id}/`)).toEqual([]);
  });

  it('stops a chunked body without Content-Length past the limit, and leaves nothing in S3', async () => {
    const user = await registerUser(api);
    const upload = new HandWrittenUpload(api.baseUrl, user.accessToken, MAX_FILE_BYTES + 8 * MiB, null);
    const answer = await upload.finish();
    // The 413 arrives, in the contract's envelope, before the connection closes; the gateway never reads on and on.
    expect(answer.status).toBe(413);
    expect(answer.body.error).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', details: { max_bytes: MAX_FILE_BYTES } });
    expect(upload.sent).toBeLessThan(MAX_FILE_BYTES + 8 * MiB);
    await eventually(async () => {
      expect(await storage.openUploads(`users/${user.id}/`)).toEqual([]);
      expect(await storage.objects(`users/${user.id}/`)).toEqual([]);
    }, 15_000);
  });

  it('keeps no body in memory after refusing over-limit chunked uploads', async () => {
    // The gateway runs in this process: its Buffers show in arrayBuffers once garbage is collected.
    v8.setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const held = () => {
      gc();
      return process.memoryUsage().arrayBuffers;
    };
    const user = await registerUser(api);
    const refuse = async () => {
      const upload = new HandWrittenUpload(api.baseUrl, user.accessToken, MAX_FILE_BYTES + 8 * MiB, null);
      expect((await upload.finish()).status).toBe(413);
    };
    await refuse(); // the first warms up pools and parsers
    const before = held();
    for (let i = 0; i < 4; i++) await refuse();
    // Four refused bodies of more than the limit each: kept, they would be hundreds of MB. A part
    // storage was still sending to S3 when the gateway refused may take a moment to be let go;
    // a body that is kept never is.
    await eventually(async () => expect(held() - before).toBeLessThan(16 * MiB), 10_000);
  });

  it('leaves nothing in S3 when the client goes away half-way', async () => {
    const user = await registerUser(api);
    const upload = new HandWrittenUpload(api.baseUrl, user.accessToken, 30 * MiB);
    await upload.sendUntil(12 * MiB);
    await eventually(async () => expect((await storage.openUploads(`users/${user.id}/`))[0]?.parts).toBeGreaterThanOrEqual(1), 15_000);
    upload.request.destroy();
    await eventually(async () => {
      expect(await storage.openUploads(`users/${user.id}/`)).toEqual([]);
      expect(await storage.objects(`users/${user.id}/`)).toEqual([]);
    }, 15_000);
    expect((await api.get('/api/files', { token: user.accessToken })).body.total).toBe(0);
  });
});
