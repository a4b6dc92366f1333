import { ApiClient, eventually, registerUser, RegisteredUser } from '@sf/testing';
import { approveConsent, connectAccount, settledPost, SnsFleet, startSnsFleet, subscribeToSns } from './sns-fleet';

const TOKEN_PATTERN = /\b(?:at|rt)_[0-9a-f]{36}\b/;

/**
 * Accounts and posts through the gateway against the platforms' stand-in: consent, X and
 * Instagram publishing, comments and likes through the platforms, settings, edits, ownership,
 * disconnecting, and that no platform token is ever answered (the logs: publish-crash.e2e-spec.ts).
 */
describe('SNS accounts and posts', () => {
  let env: SnsFleet;
  let api: ApiClient;
  let owner: RegisteredUser;
  let stranger: RegisteredUser;
  beforeAll(async () => {
    env = await startSnsFleet();
    api = env.api;
    [owner, stranger] = [await registerUser(api), await registerUser(api)];
    await subscribeToSns(api, owner);
    await subscribeToSns(api, stranger);
  }, 120_000);
  afterAll(() => env?.close());

  const as = (user: RegisteredUser) => ({ token: user.accessToken });

  it('connects through POST /api/sns/account/connect/{platform}: a single-use state, tokens never shown', async () => {
    const started = await api.post('/api/sns/account/connect/x', {}, as(owner));
    expect(started.status).toBe(200);
    expect(started.body).toMatchObject({ platform: 'twitter', state: expect.any(String), account_id: expect.any(String) });
    const authorize = new URL(started.body.authorize_url);
    expect(authorize.searchParams.get('state')).toBe(started.body.state);
    expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');

    const connected = await approveConsent(api, started.body.authorize_url, `owner_${Date.now()}`);
    expect(connected.status).toBe(200);
    expect(connected.body).toMatchObject({ id: started.body.account_id, status: 'connected', platform: 'twitter', authorize_url: null });
    // The state is used up.
    const again = await api.get(`/api/sns/account/callback/twitter?code=whatever&state=${encodeURIComponent(started.body.state)}`);
    expect(again.status).toBe(422);
    expect(again.body.error.details).toHaveProperty('state');

    const listed = await api.get('/api/sns/account', as(owner));
    expect(listed.status).toBe(200);
    expect(listed.body.accounts.map((a: any) => a.id)).toContain(started.body.account_id);
    expect(JSON.stringify(listed.body)).not.toMatch(TOKEN_PATTERN);
  });

  it('refuses an unknown platform with 404 (the path names nothing) and a bad body with 422', async () => {
    expect((await api.post('/api/sns/account/connect/myspace', {}, as(owner))).status).toBe(404);
    const bad = await api.post('/api/sns/accounts', { platform: 'instagram' }, as(owner));
    expect(bad.status).toBe(422);
    expect(bad.body.error.details).toHaveProperty('account_name');
  });

  it('publishes to X now, reads likes and comments added at X, likes and comments through it', async () => {
    const account = await connectAccount(api, owner, 'twitter', `xposter_${Date.now()}`);
    const created = await api.post('/api/sns/posts', { platforms: ['twitter'], content: `Hello from X ${Date.now()}` }, as(owner));
    expect(created.status).toBe(201);
    expect(created.body.targets.some((t: any) => t.account_id === account.id)).toBe(true);
    const published = await api.post(`/api/sns/posts/${created.body.id}/publish`, {}, as(owner));
    expect(published.status).toBe(200);
    const post = await settledPost(api, owner, created.body.id);
    expect(post.status).toBe('published');
    const target = post.targets.find((t: any) => t.account_id === account.id);
    expect(target).toMatchObject({ status: 'published', external_id: expect.stringMatching(/^\d+$/) });

    await env.control('x', `/posts/${target.external_id}/likes`, { count: 3 });
    await env.control('x', `/posts/${target.external_id}/comments`, { text: 'Great post!', username: 'a_fan' });
    const likes = await api.get(`/api/sns/posts/${created.body.id}/likes`, as(owner));
    expect(likes.status).toBe(200);
    const mine = likes.body.likes.filter((l: any) => l.platform === 'twitter');
    expect(mine.length).toBeGreaterThanOrEqual(3);
    const comments = await api.get(`/api/sns/posts/${created.body.id}/comments`, as(owner));
    expect(comments.body.comments).toContainEqual(expect.objectContaining({ platform: 'twitter', text: 'Great post!', author: 'a_fan' }));

    const liked = await api.post(`/api/sns/posts/${created.body.id}/like`, { platform: 'x' }, as(owner));
    expect(liked.status).toBe(200);
    expect(liked.body.liked.length).toBeGreaterThanOrEqual(1);
    for (const entry of liked.body.liked) expect(entry).toEqual({ platform: 'twitter', liked: true });
    const replied = await api.post(`/api/sns/posts/${created.body.id}/comments`, { text: 'Thanks all', platform: 'twitter' }, as(owner));
    expect(replied.status).toBe(201);
    const after = await api.get(`/api/sns/posts/${created.body.id}/comments`, as(owner));
    expect(after.body.comments).toContainEqual(expect.objectContaining({ text: 'Thanks all' }));

    // Published: no more edits.
    const edit = await api.put(`/api/sns/posts/${created.body.id}`, { content: 'changed' }, as(owner));
    expect(edit.status).toBe(409);
    expect(edit.body.error.code).toBe('CONFLICT');
  });

  it('schedules a post for later, lists it by platform and status, and lets it be edited until then', async () => {
    await connectAccount(api, owner, 'instagram');
    const later = new Date(Date.now() + 3_600_000).toISOString();
    const created = await api.post(
      '/api/sns/posts',
      { platforms: ['instagram'], content: 'Later', image_url: 'https://cdn.example.com/a.jpg', scheduled_at: later },
      as(owner),
    );
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ status: 'scheduled', template_type: 'image', image_url: 'https://cdn.example.com/a.jpg' });
    const listed = await api.get('/api/sns/posts?platform=instagram&status=scheduled&limit=5', as(owner));
    expect(listed.body.posts.map((p: any) => p.id)).toContain(created.body.id);
    expect(listed.body).toMatchObject({ limit: 5, page: 1 });
    const edited = await api.put(`/api/sns/post/${created.body.id}`, { content: 'Later, edited', scheduled_at: null }, as(owner));
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({ content: 'Later, edited', status: 'draft' });
    expect((await api.delete(`/api/sns/posts/${created.body.id}`, as(owner))).status).toBe(204);
    expect((await api.get(`/api/sns/posts/${created.body.id}`, as(owner))).status).toBe(404);
  });

  it('refuses banned keywords with 422 on content', async () => {
    const saved = await api.put('/api/sns/settings', { banned_keywords: ['Casino'] }, as(owner));
    expect(saved.status).toBe(200);
    expect(saved.body.banned_keywords).toEqual(['casino']);
    const refused = await api.post('/api/sns/posts', { platforms: ['twitter'], content: 'Visit our CASINO tonight' }, as(owner));
    expect(refused.status).toBe(422);
    expect(refused.body.error.details.content[0]).toContain('casino');
    await api.put('/api/sns/settings', { banned_keywords: [] }, as(owner));
  });

  it("answers 404 for another user's accounts and posts, on every route", async () => {
    const account = (await api.get('/api/sns/accounts', as(owner))).body.accounts[0];
    const post = (await api.post('/api/sns/posts', { account_id: account.id, content: 'Mine only' }, as(owner))).body;
    for (const [method, path] of [
      ['GET', `/api/sns/accounts/${account.id}`],
      ['DELETE', `/api/sns/account/${account.id}`],
      ['GET', `/api/sns/posts/${post.id}`],
      ['PUT', `/api/sns/posts/${post.id}`],
      ['DELETE', `/api/sns/posts/${post.id}`],
      ['POST', `/api/sns/posts/${post.id}/publish`],
      ['GET', `/api/sns/posts/${post.id}/comments`],
      ['POST', `/api/sns/posts/${post.id}/comments`],
      ['GET', `/api/sns/posts/${post.id}/likes`],
      ['POST', `/api/sns/posts/${post.id}/like`],
    ] as const) {
      const response = await api.request(method, path, { token: stranger.accessToken, body: method === 'GET' ? undefined : { text: 'x' } });
      expect({ method, path, status: response.status }).toEqual({ method, path, status: 404 });
    }
    const foreign = await api.post('/api/sns/posts', { account_id: account.id, content: 'Not yours' }, as(stranger));
    expect(foreign.status).toBe(422);
    expect((await api.get(`/api/sns/posts?post_id=${post.id}`, as(stranger))).body.total).toBe(0);
  });

  it('disconnects an account: revoked at the platform, gone here', async () => {
    const username = `leaver_${Date.now()}`;
    const account = await connectAccount(api, owner, 'twitter', username);
    expect(await env.control('x', `/users/${username}/grants`, undefined, 'GET')).toEqual({ active: 1 });
    expect((await api.delete(`/api/sns/accounts/${account.id}`, as(owner))).status).toBe(204);
    expect((await api.get(`/api/sns/accounts/${account.id}`, as(owner))).status).toBe(404);
    // X holds no working token of that user any more.
    expect(await env.control('x', `/users/${username}/grants`, undefined, 'GET')).toEqual({ active: 0 });
  });

  it('retries a post while the platform is down, with back-off, and publishes it once it is back', async () => {
    const account = await connectAccount(api, owner, 'twitter', `outage_${Date.now()}`);
    const text = `Through the outage ${Date.now()}`;
    const created = await api.post('/api/sns/posts', { account_id: account.id, content: text }, as(owner));
    await env.control('x', '/outage', { down: true });
    await api.post(`/api/sns/posts/${created.body.id}/publish`, {}, as(owner));
    // Two attempts have failed against the outage (the target waits, publishing, for the next).
    await eventually(async () => {
      const post = (await api.get(`/api/sns/posts/${created.body.id}`, as(owner))).body;
      expect(post.targets[0].attempts).toBeGreaterThanOrEqual(2);
      expect(post.status).toBe('publishing');
    }, 20_000);
    await env.control('x', '/outage', { down: false });
    const settled = await settledPost(api, owner, created.body.id, 60_000);
    expect(settled.status).toBe('published');
    const onX = (await env.control('x', '/posts', undefined, 'GET')).posts.filter((p: any) => p.text === text);
    expect(onX).toHaveLength(1);
  });

  it("deletes a deleted user's SNS data and revokes their platform tokens", async () => {
    const leaving = await registerUser(api);
    await subscribeToSns(api, leaving);
    const username = `gone_${Date.now()}`;
    const account = await connectAccount(api, leaving, 'twitter', username);
    await api.post('/api/sns/posts', { account_id: account.id, content: 'Soon gone' }, as(leaving));
    expect(await env.control('x', `/users/${username}/grants`, undefined, 'GET')).toEqual({ active: 1 });
    const deleted = await api.request('DELETE', '/api/auth/account', { token: leaving.accessToken, body: { password: leaving.password } });
    expect(deleted.status).toBe(204);
    await eventually(
      async () => expect(await env.control('x', `/users/${username}/grants`, undefined, 'GET')).toEqual({ active: 0 }),
      15_000,
    );
  });

  it('refreshes a token before it expires, and asks for consent again when the refresh is refused', async () => {
    await env.control('x', '/token-ttl', { seconds: 60 });
    const account = await connectAccount(api, owner, 'twitter', `refresher_${Date.now()}`);
    await env.control('x', '/token-ttl', { seconds: 3600 });
    const before = account.token_expires_at;
    const created = await api.post('/api/sns/posts', { account_id: account.id, content: `Fresh token ${Date.now()}` }, as(owner));
    await api.post(`/api/sns/posts/${created.body.id}/publish`, {}, as(owner));
    expect((await settledPost(api, owner, created.body.id)).status).toBe('published');
    const refreshed = (await api.get(`/api/sns/accounts/${account.id}`, as(owner))).body;
    expect(refreshed.status).toBe('connected');
    expect(new Date(refreshed.token_expires_at).getTime()).toBeGreaterThan(new Date(before).getTime());

    // Every grant at X expires and is revoked: the next use cannot refresh.
    await env.control('x', '/expire-tokens', {});
    const stuck = await api.post('/api/sns/posts', { account_id: account.id, content: `Stale token ${Date.now()}` }, as(owner));
    await api.post(`/api/sns/posts/${stuck.body.id}/publish`, {}, as(owner));
    const failed = await settledPost(api, owner, stuck.body.id);
    expect(failed.status).toBe('failed');
    await eventually(async () => expect((await api.get(`/api/sns/accounts/${account.id}`, as(owner))).body.status).toBe('reauth_required'));
  });
});
