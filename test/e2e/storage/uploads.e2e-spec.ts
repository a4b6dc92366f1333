import { createHash } from 'node:crypto';
import sharp from 'sharp';
import { MAX_FILE_BYTES } from '@sf/contracts';
import { ApiClient, eventually, registerUser, RegisteredUser } from '@sf/testing';
import { startStorageFleet, StorageFleet } from '../storage-fleet';
import { fetchBytes, pngImage, uploadFile, windowsProgram } from './files-client';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

describe('POST /api/files/upload through the gateway', () => {
  let storage: StorageFleet;
  let api: ApiClient;
  let owner: RegisteredUser;

  beforeAll(async () => {
    storage = await startStorageFleet();
    api = storage.api;
    owner = await registerUser(api);
  });
  afterAll(() => storage?.close());

  const userPrefix = (user: RegisteredUser) => `users/${user.id}/`;

  it('stores a real PNG and answers the seeds’ upload fields, with a download URL that serves the same bytes', async () => {
    const png = await pngImage();
    const uploaded = await uploadFile(api, owner.accessToken, { name: 'dinner.png', bytes: png }, 'image', { type: 'image/png' });
    expect(uploaded.status).toBe(201);
    expect(uploaded.body).toMatchObject({
      original_filename: 'dinner.png',
      filename: 'dinner.png',
      file_size: png.length,
      size: png.length,
      category: 'image',
      content_type: 'image/png',
    });
    expect(uploaded.body.file_id).toMatch(UUID);
    expect(uploaded.body.file_key).toBe(`users/${owner.id}/${uploaded.body.file_id}/dinner.png`);
    expect(new Date(uploaded.body.uploaded_at).toISOString()).toBe(uploaded.body.uploaded_at);
    expect(uploaded.body.s3_url).toContain(`/${storage.bucket}/users/${owner.id}/`);

    // The presigned URL fetches the very bytes that were sent; so does the cdn_url.
    const presigned = await api.post(
      '/api/files/presigned-url',
      { file_id: uploaded.body.file_id, expires_in_hours: 24 },
      { token: owner.accessToken },
    );
    expect(presigned.status).toBe(200);
    expect(Math.abs(Date.parse(presigned.body.expires_at) - (Date.now() + 24 * 3600_000))).toBeLessThan(60_000);
    const downloaded = await fetchBytes(presigned.body.presigned_url);
    expect(downloaded.status).toBe(200);
    expect(downloaded.type).toBe('image/png');
    expect(sha256(downloaded.bytes)).toBe(sha256(png));
    expect(sha256((await fetchBytes(uploaded.body.cdn_url)).bytes)).toBe(sha256(png));
    // The bucket is private: the plain S3 address alone does not serve it.
    expect((await fetch(uploaded.body.s3_url)).status).toBe(403);
  });

  it('makes a 150x150 preview of an uploaded image, served by a redirect', async () => {
    const uploaded = await uploadFile(api, owner.accessToken, { name: 'wide.png', bytes: await pngImage(900, 300) }, 'image');
    expect(uploaded.status).toBe(201);
    const id = uploaded.body.file_id;
    const preview = await eventually(async () => {
      const response = await fetch(new URL(`/api/files/${id}/preview`, api.baseUrl), {
        headers: { Authorization: `Bearer ${owner.accessToken}` },
        redirect: 'manual',
      });
      expect(response.status).toBe(302);
      return response;
    }, 15_000);
    const thumbnail = await fetchBytes(preview.headers.get('location')!);
    expect(thumbnail.status).toBe(200);
    expect(thumbnail.type).toBe('image/webp');
    const meta = await sharp(thumbnail.bytes).metadata();
    expect({ width: meta.width, height: meta.height, format: meta.format }).toEqual({ width: 150, height: 150, format: 'webp' });
    expect((await api.get(`/api/files/${id}`, { token: owner.accessToken })).body.preview_status).toBe('ready');
    expect(await storage.objects(`users/${owner.id}/${id}/`)).toEqual([
      `users/${owner.id}/${id}/_preview-150x150.webp`,
      `users/${owner.id}/${id}/wide.png`,
    ]);
  });

  it('refuses 50 MB + 1 byte with 413 and leaves nothing in S3', async () => {
    const user = await registerUser(api);
    const tooBig = Buffer.alloc(MAX_FILE_BYTES + 1, 7);
    const refused = await uploadFile(api, user.accessToken, { name: 'big.png', bytes: tooBig }, 'image', { categoryFirst: true });
    expect(refused.status).toBe(413);
    expect(refused.body.error).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', details: { reason: 'file_size', max_bytes: MAX_FILE_BYTES } });
    expect(await storage.objects(userPrefix(user))).toEqual([]);
    expect(await storage.openUploads(userPrefix(user))).toEqual([]);
    expect((await api.get('/api/files', { token: user.accessToken })).body.total).toBe(0);
  });

  it('takes exactly 50 MB', async () => {
    const user = await registerUser(api);
    const png = await pngImage(64, 64);
    const limit = Buffer.alloc(MAX_FILE_BYTES, 0);
    png.copy(limit); // a PNG head, padded: the head decides the category
    const stored = await uploadFile(api, user.accessToken, { name: 'padded.png', bytes: limit }, 'image');
    expect(stored.status).toBe(201);
    expect(stored.body.file_size).toBe(MAX_FILE_BYTES);
    expect(await storage.openUploads(userPrefix(user))).toEqual([]);
  });

  it('refuses a renamed .exe declared as an image with 422, and keeps nothing of it', async () => {
    const user = await registerUser(api);
    const refused = await uploadFile(api, user.accessToken, { name: 'holiday.png', bytes: windowsProgram() }, 'image', {
      type: 'image/png',
    });
    expect(refused.status).toBe(422);
    expect(refused.body.error.code).toBe('VALIDATION_ERROR');
    expect(refused.body.error.details.file[0]).toMatch(/Windows executable, not an image/);
    expect(await storage.objects(userPrefix(user))).toEqual([]);
    expect(await storage.openUploads(userPrefix(user))).toEqual([]);
    expect((await api.get('/api/files', { token: user.accessToken })).body.total).toBe(0);
  });

  it('refuses a PNG declared as a document, and a document that is not one', async () => {
    const user = await registerUser(api);
    const png = await uploadFile(api, user.accessToken, { name: 'scan.pdf', bytes: await pngImage(50, 50) }, 'document');
    expect(png.status).toBe(422);
    expect(png.body.error.details.file[0]).toMatch(/PNG image, not a document/);
    const text = await uploadFile(api, user.accessToken, { name: 'notes.txt', bytes: Buffer.from('shopping: rice, kimchi\n') }, 'document');
    expect(text.status).toBe(201);
    expect(text.body).toMatchObject({ category: 'document', content_type: 'text/plain', preview_status: 'none' });
  });

  it('keeps a Korean file name as sent', async () => {
    const uploaded = await uploadFile(api, owner.accessToken, { name: '김치찌개 레시피.png', bytes: await pngImage(20, 20) }, 'image');
    expect(uploaded.status).toBe(201);
    expect(uploaded.body.original_filename).toBe('김치찌개 레시피.png');
    const presigned = await api.post('/api/files/presigned-url', { file_id: uploaded.body.file_id }, { token: owner.accessToken });
    const response = await fetch(presigned.body.presigned_url);
    expect(response.headers.get('content-disposition')).toContain(`filename*=UTF-8''${encodeURIComponent('김치찌개 레시피.png')}`);
  });

  describe('malformed forms', () => {
    it('needs a category among image, video and document (422), wherever it is in the form', async () => {
      const png = { name: 'a.png', bytes: await pngImage(10, 10) };
      const missing = await uploadFile(api, owner.accessToken, png, undefined);
      expect(missing.status).toBe(422);
      expect(missing.body.error.details).toHaveProperty('category');
      for (const categoryFirst of [true, false]) {
        const wrong = await uploadFile(api, owner.accessToken, png, 'photo', { categoryFirst });
        expect({ categoryFirst, status: wrong.status }).toEqual({ categoryFirst, status: 422 });
        expect(wrong.body.error.details).toHaveProperty('category');
      }
      expect(await storage.openUploads(userPrefix(owner))).toEqual([]);
    });

    it('needs a file (422), that is not empty (422)', async () => {
      const none = await uploadFile(api, owner.accessToken, null, 'image');
      expect(none.status).toBe(422);
      expect(none.body.error.details).toEqual({ file: ['is required'] });
      const empty = await uploadFile(api, owner.accessToken, { name: 'empty.png', bytes: new Uint8Array(0) }, 'image');
      expect(empty.status).toBe(422);
      expect(empty.body.error.details).toEqual({ file: ['is empty'] });
    });

    it('answers 400 to a body that is not multipart/form-data, or is broken', async () => {
      const json = await api.post('/api/files/upload', { category: 'image' }, { token: owner.accessToken });
      expect(json.status).toBe(400);
      expect(json.body.error.code).toBe('BAD_REQUEST');
      const broken = await api.request('POST', '/api/files/upload', {
        token: owner.accessToken,
        headers: { 'Content-Type': 'multipart/form-data; boundary=xyz' },
        raw: '--xyz\r\nContent-Disposition: form-data; name="file"; filename="a.png"\r\n\r\n\x89PNG',
      });
      expect(broken.status).toBe(400);
      expect(broken.body.error.code).toBe('BAD_REQUEST');
    });

    it('asks for credentials before reading anything (401)', async () => {
      const anonymous = await uploadFile(api, undefined, { name: 'a.png', bytes: await pngImage(10, 10) }, 'image');
      expect(anonymous.status).toBe(401);
      expect(anonymous.body.error.code).toBe('UNAUTHORIZED');
    });
  });
});
