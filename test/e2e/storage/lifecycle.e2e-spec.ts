import { DeliverPolicy, jetstream } from '@nats-io/jetstream';
import { MAX_FILE_BYTES } from '@sf/contracts';
import { CloudEvent, eventsStreamName } from '@sf/events';
import { ApiClient, eventually, registerUser, RegisteredUser } from '@sf/testing';
import { startStorageFleet, StorageFleet } from '../storage-fleet';
import { fetchBytes, pngImage, uploadFile, windowsProgram } from './files-client';

describe('a file’s life: list, download URLs, direct uploads, deletion, events', () => {
  let storage: StorageFleet;
  let api: ApiClient;

  beforeAll(async () => {
    storage = await startStorageFleet();
    api = storage.api;
  });
  afterAll(() => storage?.close());

  /** Every stored storage event of a type about one file. */
  async function events(type: string, fileId: string): Promise<CloudEvent<any>[]> {
    const consumer = await jetstream(storage.fleet.nats).consumers.get(
      eventsStreamName({ subjectPrefix: storage.fleet.env.NATS_SUBJECT_PREFIX }),
      { filter_subjects: storage.fleet.subject(`events.storage.${type}`), deliver_policy: DeliverPolicy.All },
    );
    const pending = (await consumer.info()).num_pending;
    const out: CloudEvent<any>[] = [];
    if (pending === 0) return out;
    for await (const msg of await consumer.fetch({ max_messages: pending, expires: 2000 })) {
      out.push(msg.json());
      if (out.length === pending) break;
    }
    return out.filter((e) => e.subject === fileId);
  }

  async function stored(user: RegisteredUser, name: string, category: string, bytes: Uint8Array) {
    const response = await uploadFile(api, user.accessToken, { name, bytes }, category);
    expect(response.status).toBe(201);
    return response.body as { file_id: string; file_key: string; created_at: string; size: number };
  }

  describe('GET /api/files', () => {
    let user: RegisteredUser;
    const ids: Record<string, string> = {};

    beforeAll(async () => {
      user = await registerUser(api);
      ids.small = (await stored(user, 'b-small.png', 'image', await pngImage(10, 10))).file_id;
      ids.notes = (await stored(user, 'a-notes.txt', 'document', Buffer.from('x'.repeat(5000)))).file_id;
      ids.large = (await stored(user, 'c-large.png', 'image', await pngImage(200, 200))).file_id;
    });

    const list = (query: Record<string, string | number> = {}) => api.get('/api/files', { token: user.accessToken, query });
    const order = (body: { files: { file_id: string }[] }) => body.files.map((f) => f.file_id);

    it('lists newest first in the contract’s list shape, with the seeds’ item fields', async () => {
      const response = await list();
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({ total: 3, page: 1, limit: 20, pages: 1 });
      expect(order(response.body)).toEqual([ids.large, ids.notes, ids.small]);
      expect(response.body.files[0]).toMatchObject({ filename: 'c-large.png', category: 'image' });
      for (const field of ['file_id', 'filename', 'size', 'category', 'cdn_url', 'uploaded_at'])
        expect(response.body.files[0]).toHaveProperty(field);
      expect(order((await list({ sort: '-created_at' })).body)).toEqual([ids.large, ids.notes, ids.small]);
      expect(order((await list({ sort: 'created_at' })).body)).toEqual([ids.small, ids.notes, ids.large]);
    });

    it('filters by category, pages, and sorts by other fields', async () => {
      const images = await list({ category: 'image', limit: 20, sort: '-created_at' });
      expect(images.body.total).toBe(2);
      expect(order(images.body)).toEqual([ids.large, ids.small]);
      const second = await list({ per_page: 2, page: 2 });
      expect(second.body).toMatchObject({ total: 3, page: 2, limit: 2, pages: 2 });
      expect(order(second.body)).toEqual([ids.small]);
      expect(order((await list({ sort_by: 'filename', order: 'asc' })).body)).toEqual([ids.notes, ids.small, ids.large]);
      expect(order((await list({ sort: 'size' })).body)[0]).toBe(ids.small);
    });

    it('answers 422 to an unknown sort field or category, and to a bad page', async () => {
      for (const query of [{ sort: '-owner' }, { sort_by: 'password' }, { category: 'audio' }, { page: 0 }, { limit: 101 }] as Record<
        string,
        string | number
      >[]) {
        const response = await list(query);
        expect({ query, status: response.status }).toEqual({ query, status: 422 });
      }
    });
  });

  describe('POST /api/files/presigned-url', () => {
    let user: RegisteredUser;
    let fileId: string;
    beforeAll(async () => {
      user = await registerUser(api);
      fileId = (await stored(user, 'menu.txt', 'document', Buffer.from('bibimbap 12000\n'))).file_id;
    });
    const presign = (body: unknown) => api.post('/api/files/presigned-url', body, { token: user.accessToken });

    it('lasts 24 hours by default and up to 7 days', async () => {
      const standard = await presign({ file_id: fileId });
      expect(standard.status).toBe(200);
      expect(standard.body.expires_in_hours).toBe(24);
      const week = await presign({ file_id: fileId, expires_in_hours: 168 });
      expect(week.status).toBe(200);
      expect(Math.abs(Date.parse(week.body.expires_at) - (Date.now() + 168 * 3600_000))).toBeLessThan(60_000);
      expect(new URL(week.body.presigned_url).searchParams.get('X-Amz-Expires')).toBe(String(168 * 3600));
      expect((await fetchBytes(week.body.presigned_url)).bytes.toString()).toBe('bibimbap 12000\n');
    });

    it('answers 422 outside 1..168 hours or without a file id', async () => {
      for (const body of [
        { file_id: fileId, expires_in_hours: 0 },
        { file_id: fileId, expires_in_hours: 169 },
        { file_id: fileId, expires_in_hours: 1.5 },
        { file_id: fileId, expires_in_hours: '24' },
        { expires_in_hours: 24 },
        { file_id: 'not-a-uuid' },
      ]) {
        const response = await presign(body);
        expect({ body, status: response.status }).toEqual({ body, status: 422 });
      }
    });
  });

  describe('DELETE /api/files/:id', () => {
    it('removes the object, its thumbnail and its record, and announces file.deleted', async () => {
      const user = await registerUser(api);
      const file = await stored(user, 'gone.png', 'image', await pngImage(100, 100));
      const prefix = `users/${user.id}/${file.file_id}/`;
      await eventually(async () => expect(await storage.objects(prefix)).toHaveLength(2), 15_000); // object and thumbnail
      const presigned = await api.post('/api/files/presigned-url', { file_id: file.file_id }, { token: user.accessToken });

      const removed = await api.delete(`/api/files/${file.file_id}`, { token: user.accessToken });
      expect(removed.status).toBe(204);
      expect(removed.text).toBe('');
      expect(await storage.objects(prefix)).toEqual([]);
      expect((await api.get(`/api/files/${file.file_id}`, { token: user.accessToken })).status).toBe(404);
      expect((await api.get('/api/files', { token: user.accessToken })).body.total).toBe(0);
      expect((await fetch(presigned.body.presigned_url)).status).toBe(404);
      expect((await api.delete(`/api/files/${file.file_id}`, { token: user.accessToken })).status).toBe(404);

      const uploaded = await eventually(async () => {
        const found = await events('file.uploaded', file.file_id);
        expect(found).toHaveLength(1);
        return found[0];
      });
      expect(uploaded).toMatchObject({
        type: 'file.uploaded',
        source: 'softfactory/storage',
        data: { file_id: file.file_id, user_id: user.id, category: 'image', content_type: 'image/png', file_key: file.file_key },
      });
      const deleted = await eventually(async () => {
        const found = await events('file.deleted', file.file_id);
        expect(found).toHaveLength(1);
        return found[0];
      });
      expect(deleted.data).toEqual({ file_id: file.file_id, user_id: user.id, file_key: file.file_key });
    });
  });

  describe('direct uploads through a presigned PUT', () => {
    it('uploads straight to storage, then records the file on completion', async () => {
      const user = await registerUser(api);
      const png = await pngImage(120, 90);
      const issued = await api.post(
        '/api/files/presigned-upload',
        { filename: 'direct.png', category: 'image', file_size: png.length, content_type: 'image/png' },
        { token: user.accessToken },
      );
      expect(issued.status).toBe(201);
      expect(issued.body).toMatchObject({
        method: 'PUT',
        max_bytes: png.length,
        complete_url: `/api/files/${issued.body.file_id}/complete`,
      });

      // Completing before the bytes are there is a conflict, not a file.
      expect((await api.post(issued.body.complete_url, undefined, { token: user.accessToken })).status).toBe(409);
      // The URL takes exactly the announced size.
      const wrongSize = await fetch(issued.body.upload_url, {
        method: 'PUT',
        headers: issued.body.headers,
        body: Buffer.concat([png, png]),
      });
      expect(wrongSize.status).toBe(403);
      const put = await fetch(issued.body.upload_url, { method: 'PUT', headers: issued.body.headers, body: png });
      expect(put.status).toBe(200);

      const completed = await api.post(issued.body.complete_url, undefined, { token: user.accessToken });
      expect(completed.status).toBe(200);
      expect(completed.body).toMatchObject({
        file_id: issued.body.file_id,
        category: 'image',
        content_type: 'image/png',
        file_size: png.length,
      });
      // Asking again answers the same file.
      const again = await api.post(issued.body.complete_url, undefined, { token: user.accessToken });
      expect(again.body.file_id).toBe(issued.body.file_id);
      expect((await fetchBytes(completed.body.cdn_url)).bytes.equals(png)).toBe(true);
      await eventually(
        async () =>
          expect((await api.get(`/api/files/${issued.body.file_id}`, { token: user.accessToken })).body.preview_status).toBe('ready'),
        15_000,
      );
    });

    it('applies the same checks: a program is refused and removed, and 50 MB is the most', async () => {
      const user = await registerUser(api);
      const program = windowsProgram(4096);
      const issued = await api.post(
        '/api/files/presigned-upload',
        { filename: 'cat.png', category: 'image', file_size: program.length },
        { token: user.accessToken },
      );
      await fetch(issued.body.upload_url, { method: 'PUT', headers: issued.body.headers, body: program });
      const refused = await api.post(issued.body.complete_url, undefined, { token: user.accessToken });
      expect(refused.status).toBe(422);
      expect(await storage.objects(`users/${user.id}/`)).toEqual([]);
      expect((await api.post(issued.body.complete_url, undefined, { token: user.accessToken })).status).toBe(404);

      const tooBig = await api.post(
        '/api/files/presigned-upload',
        { filename: 'big.mp4', category: 'video', file_size: MAX_FILE_BYTES + 1 },
        { token: user.accessToken },
      );
      expect(tooBig.status).toBe(413);
      const invalid = await api.post(
        '/api/files/presigned-upload',
        { filename: '', category: 'image', file_size: 0 },
        { token: user.accessToken },
      );
      expect(invalid.status).toBe(422);
      expect(Object.keys(invalid.body.error.details).sort()).toEqual(['file_size', 'filename']);
    });
  });
});
