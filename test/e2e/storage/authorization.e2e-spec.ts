import { randomUUID } from 'node:crypto';
import { StorageResolveFile, systemContext } from '@sf/contracts';
import { DomainError } from '@sf/errors';
import { RpcClient } from '@sf/messaging';
import { ApiClient, eventually, registerUser, RegisteredUser } from '@sf/testing';
import { startStorageFleet, StorageFleet } from '../storage-fleet';
import { fetchBytes, pngImage, uploadFile } from './files-client';

describe('files are their owner’s alone', () => {
  let storage: StorageFleet;
  let api: ApiClient;
  let owner: RegisteredUser;
  let intruder: RegisteredUser;
  let fileId: string;
  let png: Buffer;

  beforeAll(async () => {
    storage = await startStorageFleet();
    api = storage.api;
    [owner, intruder] = [await registerUser(api), await registerUser(api)];
    png = await pngImage(300, 200);
    const uploaded = await uploadFile(api, owner.accessToken, { name: 'private.png', bytes: png }, 'image');
    expect(uploaded.status).toBe(201);
    fileId = uploaded.body.file_id;
    await eventually(
      async () => expect((await api.get(`/api/files/${fileId}`, { token: owner.accessToken })).body.preview_status).toBe('ready'),
      15_000,
    );
  });
  afterAll(() => storage?.close());

  const previewStatus = async (token: string) =>
    (
      await fetch(new URL(`/api/files/${fileId}/preview`, api.baseUrl), {
        headers: { Authorization: `Bearer ${token}` },
        redirect: 'manual',
      })
    ).status;

  it('lets the owner list, read, preview and presign the file', async () => {
    const list = await api.get('/api/files', { token: owner.accessToken });
    expect(list.body.files.map((f: { file_id: string }) => f.file_id)).toEqual([fileId]);
    expect((await api.get(`/api/files/${fileId}`, { token: owner.accessToken })).status).toBe(200);
    expect(await previewStatus(owner.accessToken)).toBe(302);
    expect((await api.post('/api/files/presigned-url', { file_id: fileId }, { token: owner.accessToken })).status).toBe(200);
  });

  it('does not show another user the file in their list', async () => {
    const list = await api.get('/api/files', { token: intruder.accessToken });
    expect(list.status).toBe(200);
    expect(list.body).toMatchObject({ files: [], total: 0 });
    const images = await api.get('/api/files', { token: intruder.accessToken, query: { category: 'image' } });
    expect(images.body.total).toBe(0);
  });

  it('answers another user 404 to read, preview, presign and delete, as if the file did not exist', async () => {
    const unknown = randomUUID();
    for (const id of [fileId, unknown]) {
      const read = await api.get(`/api/files/${id}`, { token: intruder.accessToken });
      expect({ id, status: read.status, code: read.body.error.code }).toEqual({ id, status: 404, code: 'NOT_FOUND' });
      const presign = await api.post('/api/files/presigned-url', { file_id: id, expires_in_hours: 1 }, { token: intruder.accessToken });
      expect({ id, status: presign.status }).toEqual({ id, status: 404 });
      const removed = await api.delete(`/api/files/${id}`, { token: intruder.accessToken });
      expect({ id, status: removed.status }).toEqual({ id, status: 404 });
      const complete = await api.post(`/api/files/${id}/complete`, undefined, { token: intruder.accessToken });
      expect({ id, status: complete.status }).toEqual({ id, status: 404 });
    }
    expect(await previewStatus(intruder.accessToken)).toBe(404);
    // The same message for someone else's file as for no file at all: nothing leaks.
    const theirs = await api.get(`/api/files/${fileId}`, { token: intruder.accessToken });
    const nobodys = await api.get(`/api/files/${unknown}`, { token: intruder.accessToken });
    expect(theirs.body.error.message).toBe(nobodys.body.error.message);
  });

  it('still has the file, object and thumbnail after the attempts', async () => {
    expect((await api.get(`/api/files/${fileId}`, { token: owner.accessToken })).status).toBe(200);
    expect(await storage.objects(`users/${owner.id}/${fileId}/`)).toHaveLength(2);
  });

  it('resolves a file id for another service only for its owner (storage.files.resolve)', async () => {
    const rpc = new RpcClient(storage.fleet.nats, 5000, storage.fleet.env.NATS_SUBJECT_PREFIX);
    const as = (userId: string | null) => ({
      ...systemContext(`req_${randomUUID().replace(/-/g, '')}`),
      user_id: userId,
      tier: 'free' as const,
    });

    const resolved = await rpc.call(StorageResolveFile, { ctx: as(owner.id), body: { file_id: fileId } });
    expect(resolved).toMatchObject({ file_id: fileId, category: 'image', content_type: 'image/png' });
    expect(Date.parse(resolved.expires_at!)).toBeGreaterThan(Date.now() + 6 * 24 * 3600_000);
    expect((await fetchBytes(resolved.url)).bytes.equals(png)).toBe(true);

    for (const [who, ctx, body] of [
      ['another user', as(intruder.id), { file_id: fileId }],
      ['nobody', as(null), { file_id: fileId }],
      ['a URL instead of an id', as(owner.id), { file_id: 'https://example.com/a.png' }],
    ] as const) {
      const error = await rpc.call(StorageResolveFile, { ctx, body }).catch((e: unknown) => e);
      expect({ who, code: (error as DomainError).code }).toEqual({ who, code: 'NOT_FOUND' });
    }
    // A message that is not a resolve request at all is malformed, not a missing file.
    const malformed = await rpc.request(StorageResolveFile.subject, { ctx: as(owner.id) }).catch((e: unknown) => e);
    expect((malformed as DomainError).code).toBe('VALIDATION_ERROR');
  });

  it('takes API keys by their files scopes', async () => {
    const key = async (permissions: string[]) =>
      (await api.post('/api/settings/api-keys', { name: 'files', permissions }, { token: owner.accessToken })).body.key as string;
    const reader = await key(['read:files']);
    const profileOnly = await key(['read:profile']);
    expect((await api.get('/api/files', { apiKey: reader })).body.total).toBe(1);
    expect((await api.get('/api/files', { apiKey: profileOnly })).status).toBe(403);
    expect((await api.delete(`/api/files/${fileId}`, { apiKey: reader })).status).toBe(403);

    const upload = async (apiKey: string) =>
      (
        await fetch(new URL('/api/files/upload', api.baseUrl), {
          method: 'POST',
          headers: { Authorization: `ApiKey ${apiKey}` },
          body: (() => {
            const form = new FormData();
            form.append('category', 'image');
            form.append('file', new Blob([png]), 'by-key.png');
            return form;
          })(),
        })
      ).status;
    expect(await upload(reader)).toBe(403);
    expect(await upload(await key(['write:files']))).toBe(201);
  });
});
