import fs from 'node:fs';
import { ApiClient, eventually, registerUser } from '@sf/testing';
import { randomBytes } from 'node:crypto';
import { addBlogAccount, control, instagramUser, ReviewFleet, startReviewFleet } from './review-helpers';

/** Reviewer accounts: verification against the blog platform, tokens kept secret, owner-only access. */
describe('review accounts', () => {
  let env: ReviewFleet;
  let api: ApiClient;
  const written: string[] = [];
  let writeSpy: jest.SpyInstance;

  beforeAll(async () => {
    // Every log line of the in-process fleet goes through fs.write(Sync) on stdout: keep a copy.
    const capture = (data: unknown) => {
      if (typeof data === 'string') written.push(data);
      else if (Buffer.isBuffer(data) || data instanceof Uint8Array) written.push(Buffer.from(data).toString('utf8'));
    };
    const write = fs.write;
    const writeSync = fs.writeSync;
    writeSpy = jest.spyOn(fs, 'write').mockImplementation(((fd: number, data: unknown, ...rest: unknown[]) => {
      if (fd === 1 || fd === 2) capture(data);
      return (write as (...args: unknown[]) => void)(fd, data, ...rest);
    }) as typeof fs.write);
    jest.spyOn(fs, 'writeSync').mockImplementation(((fd: number, data: unknown, ...rest: unknown[]) => {
      if (fd === 1 || fd === 2) capture(data);
      return (writeSync as (...args: unknown[]) => number)(fd, data, ...rest);
    }) as typeof fs.writeSync);
    env = await startReviewFleet({ LOG_LEVEL: 'debug' });
    api = env.api;
  });
  afterAll(async () => {
    await env?.close();
    jest.restoreAllMocks();
  });

  it('verifies a Naver blog account by its token, keeps the token out of every answer and log line, and follows a new token', async () => {
    const user = await registerUser(api);
    const { account, token, blogId } = await addBlogAccount(api, env.platforms, user, 321);
    expect(account).toMatchObject({
      id: expect.any(String),
      account_id: account.id,
      platform: 'naver',
      account_name: blogId,
      status: 'verified',
    });
    expect(account.follower_count).toBe(321);

    // A token the blog does not know: pending. A token Instagram does not know: pending.
    const wrong = await api.post(
      '/api/review/accounts',
      { platform: 'blog', account_name: blogId, auth_token: 'not-the-token' },
      { token: user.accessToken },
    );
    expect(wrong.body).toMatchObject({ status: 'pending', follower_count: 0 });
    const insta = await api.post(
      '/api/review/accounts',
      { platform: 'instagram', account_name: 'kim.eats', auth_token: 'ig-secret-token-123' },
      { token: user.accessToken },
    );
    expect(insta.body.status).toBe('pending');
    const duplicate = await api.post(
      '/api/review/accounts',
      { platform: 'naver', account_name: blogId, auth_token: token },
      { token: user.accessToken },
    );
    expect(duplicate.status).toBe(409);

    const listed = await api.get('/api/review/accounts', { token: user.accessToken });
    expect(listed.body.total).toBe(3);
    const fixed = await api.put(
      `/api/review/accounts/${wrong.body.id}`,
      { auth_token: token, visibility: 'private' },
      { token: user.accessToken },
    );
    expect(fixed.body).toMatchObject({ status: 'verified', follower_count: 321, visibility: 'private' });
    const stats = await api.get(`/api/review/accounts/${account.id}/stats`, { token: user.accessToken });
    expect(stats.body).toMatchObject({ account_id: account.id, applications: 0, selection_rate: 0, rewards_krw: 0, followers: 321 });

    const everything = JSON.stringify([
      account,
      wrong.body,
      insta.body,
      listed.body,
      fixed.body,
      stats.body,
      (await api.get(`/api/review/accounts/${account.id}`, { token: user.accessToken })).body,
    ]);
    for (const secret of [token, 'ig-secret-token-123']) expect(everything).not.toContain(secret);
    expect(everything).not.toContain('auth_token');

    // The logs saw these requests (the capture works) but never a token.
    await eventually(async () => {
      if (!written.join('').includes(account.id)) throw new Error('log lines not flushed yet');
    });
    const logs = written.join('');
    expect(writeSpy).toHaveBeenCalled();
    for (const secret of [token, 'ig-secret-token-123', 'not-the-token']) expect(logs).not.toContain(secret);
  });

  it('verifies an Instagram account by its public profile, asked with its own token, and records its followers', async () => {
    const user = await registerUser(api);
    const username = `ig.${randomBytes(4).toString('hex')}`;
    const token = await instagramUser(env.platforms, username, 4321);
    const add = (accountName: string, authToken: string, as = user) =>
      api.post(
        '/api/review/accounts',
        { platform: 'instagram', account_name: accountName, auth_token: authToken },
        { token: as.accessToken },
      );

    const account = await add(username, token);
    expect(account.status).toBe(201);
    expect(account.body).toMatchObject({ platform: 'instagram', account_name: username, status: 'verified', follower_count: 4321 });
    expect(account.body.verified_at).toEqual(expect.any(String));

    // A profile Instagram does not have, someone else's profile, or a token it refuses (another
    // user claiming the account): pending.
    const claimant = await registerUser(api);
    const otherName = `ig.${randomBytes(4).toString('hex')}`;
    await instagramUser(env.platforms, otherName, 99);
    for (const [name, authToken, as] of [
      [`ig.nobody.${randomBytes(4).toString('hex')}`, token, user],
      [otherName, token, user],
      [username, 'ig-unknown-token', claimant],
    ] as const) {
      const pending = await add(name, authToken, as);
      expect(pending.status).toBe(201);
      expect(pending.body).toMatchObject({ status: 'pending', follower_count: 0, verified_at: null });
    }

    // The followers are read again when the token changes.
    await control(env.platforms, 'POST', `/instagram/_control/users/${username}/followers`, { count: 5000 });
    const fixed = await api.put(`/api/review/accounts/${account.body.id}`, { auth_token: token }, { token: user.accessToken });
    expect(fixed.body).toMatchObject({ status: 'verified', follower_count: 5000 });
    expect(JSON.stringify([account.body, fixed.body])).not.toContain(token);
  });

  it('verifies a YouTube account by the token’s own channel and records its subscribers', async () => {
    const user = await registerUser(api);
    const handle = `yt${randomBytes(4).toString('hex')}`;
    const token = `ya29.${randomBytes(12).toString('hex')}`;
    await control(env.platforms, 'POST', '/youtube/_control/channels', { handle, token, subscriber_count: 12345 });
    const add = (accountName: string, authToken: string, as = user) =>
      api.post(
        '/api/review/accounts',
        { platform: 'youtube', account_name: accountName, auth_token: authToken },
        { token: as.accessToken },
      );

    const account = await add(handle, token);
    expect(account.status).toBe(201);
    expect(account.body).toMatchObject({ platform: 'youtube', account_name: handle, status: 'verified', follower_count: 12345 });

    // Another channel's name with this token, or a token YouTube refuses (another user claiming
    // the channel): pending.
    const claimant = await registerUser(api);
    for (const [name, authToken, as] of [
      [`yt${randomBytes(4).toString('hex')}`, token, user],
      [handle, 'ya29.unknown', claimant],
    ] as const) {
      const pending = await add(name, authToken, as);
      expect(pending.status).toBe(201);
      expect(pending.body).toMatchObject({ status: 'pending', follower_count: 0, verified_at: null });
    }
    expect(JSON.stringify(account.body)).not.toContain(token);
  });

  it('answers 404 for another user’s account, 422 for an unknown platform, and 204 on delete', async () => {
    const owner = await registerUser(api);
    const other = await registerUser(api);
    const { account } = await addBlogAccount(api, env.platforms, owner);
    for (const [method, path] of [
      ['get', `/api/review/accounts/${account.id}`],
      ['get', `/api/review/accounts/${account.id}/stats`],
      ['delete', `/api/review/accounts/${account.id}`],
    ] as const) {
      expect((await api[method](path, { token: other.accessToken })).status).toBe(404);
    }
    expect((await api.put(`/api/review/accounts/${account.id}`, { visibility: 'private' }, { token: other.accessToken })).status).toBe(404);
    // Nor can it be used to apply.
    const listing = await api.post(
      '/api/review/applications',
      { campaign_id: '00000000-0000-4000-8000-000000000000', account_id: account.id },
      { token: other.accessToken },
    );
    expect(listing.status).toBe(404);

    const bad = await api.post(
      '/api/review/accounts',
      { platform: 'myspace', account_name: 'x', auth_token: 't' },
      { token: owner.accessToken },
    );
    expect(bad.status).toBe(422);
    expect(Object.keys(bad.body.error.details)).toEqual(['platform']);
    expect((await api.delete(`/api/review/accounts/${account.id}`, { token: owner.accessToken })).status).toBe(204);
    expect((await api.get(`/api/review/accounts/${account.id}`, { token: owner.accessToken })).status).toBe(404);
  });
});
