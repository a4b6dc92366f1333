import { ApiClient, registerUser } from '@sf/testing';
import { startStorageFleet, StorageFleet } from '../storage-fleet';
import { uploadFile } from './files-client';

const QUOTA = 1024 * 1024;
const text = (bytes: number) => Buffer.from('kimchi '.repeat(Math.ceil(bytes / 7)).slice(0, bytes));

describe('per-user storage quota (free tier set to 1 MiB here)', () => {
  let storage: StorageFleet;
  let api: ApiClient;

  beforeAll(async () => {
    storage = await startStorageFleet({ STORAGE_QUOTA_FREE_BYTES: String(QUOTA) });
    api = storage.api;
  });
  afterAll(() => storage?.close());

  it('refuses what does not fit with 413 naming the quota, keeps nothing of it, and frees room on delete', async () => {
    const user = await registerUser(api);
    const first = await uploadFile(api, user.accessToken, { name: 'a.txt', bytes: text(600_000) }, 'document');
    expect(first.status).toBe(201);

    const second = await uploadFile(api, user.accessToken, { name: 'b.txt', bytes: text(600_000) }, 'document');
    expect(second.status).toBe(413);
    expect(second.body.error).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', message: 'Storage quota exceeded', details: { reason: 'quota' } });
    expect(await storage.objects(`users/${user.id}/`)).toEqual([`users/${user.id}/${first.body.file_id}/a.txt`]);
    expect(await storage.openUploads(`users/${user.id}/`)).toEqual([]);

    const direct = await api.post(
      '/api/files/presigned-upload',
      { filename: 'c.txt', category: 'document', file_size: 600_000 },
      { token: user.accessToken },
    );
    expect(direct.status).toBe(413);
    expect(direct.body.error.details).toMatchObject({ reason: 'quota', quota_bytes: QUOTA, used_bytes: 600_000 });

    // What still fits, fits.
    expect((await uploadFile(api, user.accessToken, { name: 'd.txt', bytes: text(400_000) }, 'document')).status).toBe(201);

    expect((await api.delete(`/api/files/${first.body.file_id}`, { token: user.accessToken })).status).toBe(204);
    expect((await uploadFile(api, user.accessToken, { name: 'e.txt', bytes: text(600_000) }, 'document')).status).toBe(201);
  });

  it('counts each user on their own', async () => {
    const [one, two] = [await registerUser(api), await registerUser(api)];
    expect((await uploadFile(api, one.accessToken, { name: 'a.txt', bytes: text(900_000) }, 'document')).status).toBe(201);
    expect((await uploadFile(api, two.accessToken, { name: 'a.txt', bytes: text(900_000) }, 'document')).status).toBe(201);
  });

  it('lets only one of two direct uploads that fit alone but not together in', async () => {
    const user = await registerUser(api);
    const issued = await Promise.all(
      ['x.txt', 'y.txt'].map(async (filename) => {
        const response = await api.post(
          '/api/files/presigned-upload',
          { filename, category: 'document', file_size: 700_000 },
          { token: user.accessToken },
        );
        expect(response.status).toBe(201);
        expect((await fetch(response.body.upload_url, { method: 'PUT', headers: response.body.headers, body: text(700_000) })).status).toBe(
          200,
        );
        return response.body as { complete_url: string };
      }),
    );
    const outcomes = await Promise.all(issued.map((i) => api.post(i.complete_url, undefined, { token: user.accessToken })));
    expect(outcomes.map((o) => o.status).sort()).toEqual([200, 413]);
    expect((await api.get('/api/files', { token: user.accessToken })).body.total).toBe(1);
    expect(await storage.objects(`users/${user.id}/`)).toHaveLength(1);
  });
});
