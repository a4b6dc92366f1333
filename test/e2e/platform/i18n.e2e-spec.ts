import { randomUUID } from 'node:crypto';
import { AuthSetRoles, Role, systemContext } from '@sf/contracts';
import { CloudEvent, eventsStreamName } from '@sf/events';
import { RpcClient } from '@sf/messaging';
import { DeliverPolicy, jetstream } from '@nats-io/jetstream';
import { ApiClient, eventually, registerUser, RegisteredUser, TestFleet } from '@sf/testing';
import { authService, platformService, startFleet } from '../fleet';

describe('translations through the gateway', () => {
  let fleet: TestFleet;
  let api: ApiClient;
  let user: RegisteredUser;
  let translator: RegisteredUser;
  let admin: RegisteredUser;

  /** A registered user holding `role`, with a token that carries it. */
  async function withRole(role: Role): Promise<RegisteredUser> {
    const registered = await registerUser(api);
    const rpc = new RpcClient(fleet.nats, 3000, fleet.env.NATS_SUBJECT_PREFIX);
    await rpc.call(AuthSetRoles, { ctx: systemContext(randomUUID()), body: { user_id: registered.id, roles: [role] } });
    const refreshed = await api.post('/api/auth/refresh', { refresh_token: registered.refreshToken });
    expect(refreshed.status).toBe(200);
    return { ...registered, accessToken: refreshed.body.access_token, refreshToken: refreshed.body.refresh_token };
  }

  beforeAll(async () => {
    ({ fleet, api } = await startFleet([authService, platformService], { DEMO_MODE: 'false' }));
    user = await registerUser(api);
    translator = await withRole('translator');
    admin = await withRole('admin');
  }, 60_000);
  afterAll(() => fleet?.close());

  const as = (who: RegisteredUser) => ({ token: who.accessToken });

  /** Every stored platform event of a type, replayed from the start of the stream. */
  async function storedEvents(type: string): Promise<CloudEvent<any>[]> {
    const consumer = await jetstream(fleet.nats).consumers.get(eventsStreamName({ subjectPrefix: fleet.env.NATS_SUBJECT_PREFIX }), {
      filter_subjects: fleet.subject(`events.platform.${type}`),
      deliver_policy: DeliverPolicy.All,
    });
    const out: CloudEvent<any>[] = [];
    const pending = (await consumer.info()).num_pending;
    if (pending === 0) return out;
    for await (const msg of await consumer.fetch({ max_messages: pending, expires: 2000 })) {
      out.push(msg.json());
      if (out.length === pending) break;
    }
    return out;
  }

  it('lists the four languages', async () => {
    const response = await api.get('/api/i18n/languages', as(user));
    expect(response.status).toBe(200);
    expect(response.body.languages.map((l: any) => l.code)).toEqual(['ko', 'en', 'ja', 'zh']);
    expect(response.body.languages[0]).toEqual({ code: 'ko', name: 'Korean', native_name: '한국어', flag_emoji: '🇰🇷' });
    expect((await api.get('/api/i18n/languages')).status).toBe(401);
  });

  it("serves the platform's own error and notification strings, by module, in the list shape", async () => {
    const all = await api.get('/api/i18n/strings/ko', as(user));
    expect(all.status).toBe(200);
    expect(all.body).toMatchObject({ language: 'ko', page: 1, limit: 1000 });
    const keys = all.body.strings.map((s: any) => s.key);
    expect(keys).toEqual(expect.arrayContaining(['errors.not_found', 'errors.validation_error', 'notifications.booking_confirmed']));
    expect(all.body.total).toBe(keys.length);
    const errors = await api.get('/api/i18n/strings/ko?module=errors&limit=3', as(user));
    expect(errors.body.strings).toHaveLength(3);
    expect(errors.body.strings.every((s: any) => s.key.startsWith('errors.'))).toBe(true);
    expect(errors.body.total).toBeGreaterThan(3);
    expect(Date.parse(errors.body.strings[0].last_updated)).not.toBeNaN();

    const one = await api.get('/api/i18n/strings/ko/errors.validation_error', as(user));
    expect(one.status).toBe(200);
    expect(one.body).toMatchObject({
      key: 'errors.validation_error',
      value: '입력값이 올바르지 않습니다',
      language: 'ko',
      fallback: false,
    });
    expect(one.body.last_updated_by).toBeNull();
  });

  it('falls back to English, saying so; an unknown key is 404; a bad language or key is 404; a bad query 422', async () => {
    const fallback = await api.get('/api/i18n/strings/zh/notifications.booking_cancelled', as(user));
    expect(fallback.status).toBe(200);
    expect(fallback.body).toMatchObject({
      key: 'notifications.booking_cancelled',
      value: 'Your booking on {date} was cancelled.',
      language: 'en',
      requested_language: 'zh',
      fallback: true,
    });
    expect((await api.get('/api/i18n/strings/ko/errors.no_such_thing', as(user))).status).toBe(404);
    expect((await api.get('/api/i18n/strings/fr', as(user))).status).toBe(404);
    expect((await api.get('/api/i18n/strings/ko/NOT A KEY', as(user))).status).toBe(404);
    expect((await api.get('/api/i18n/download/xx', as(user))).status).toBe(404);
    const bad = await api.get('/api/i18n/strings/ko?limit=0', as(user));
    expect(bad.status).toBe(422);
    expect(Object.keys(bad.body.error.details)).toContain('limit');
  });

  it('lets a translator set strings (reported per key), served at once and counted in coverage; audited as an event', async () => {
    const key = `notifications.test_${randomUUID().replace(/-/g, '').slice(0, 10)}`;
    const before = (await api.get('/api/i18n/coverage', as(user))).body;
    expect(before.languages.en).toBe(100);
    expect(before.languages.ko).toBe(100);
    expect(before.missing_keys.zh.length).toBeGreaterThan(0);

    // English first: a new key every other language now lacks.
    const english = await api.post('/api/i18n/strings', { language: 'en', translations: { [key]: 'Your table is ready.' } }, as(admin));
    expect(english.status).toBe(200);
    expect(english.body).toEqual({ updated_count: 1, errors: [] });
    const added = (await api.get('/api/i18n/coverage', as(user))).body;
    expect(added.total_keys).toBe(before.total_keys + 1);
    expect(added.missing_keys.ko).toEqual([key]);
    expect(added.languages.ko).toBeLessThan(100);

    const set = await api.post(
      '/api/i18n/strings',
      { language: 'ko', translations: { [key]: '테이블이 준비되었습니다.', 'Bad Key': 'x', 'errors.empty': '', 'errors.number': 5 } },
      as(translator),
    );
    expect(set.status).toBe(200);
    expect(set.body.updated_count).toBe(1);
    expect(set.body.errors.map((e: any) => e.key).sort()).toEqual(['Bad Key', 'errors.empty', 'errors.number']);

    const got = await api.get(`/api/i18n/strings/ko/${key}`, as(user));
    expect(got.body).toMatchObject({
      key,
      value: '테이블이 준비되었습니다.',
      language: 'ko',
      fallback: false,
      last_updated_by: translator.id,
    });
    const after = (await api.get('/api/i18n/coverage', as(user))).body;
    expect(after.languages.ko).toBe(100);
    expect(after.missing_keys.ko).toEqual([]);

    // Changing an existing string.
    const changed = await api.post('/api/i18n/strings', { language: 'ko', translations: { [key]: '테이블 준비 완료' } }, as(translator));
    expect(changed.body.updated_count).toBe(1);
    expect((await api.get(`/api/i18n/strings/ko/${key}`, as(user))).body.value).toBe('테이블 준비 완료');

    const audited = await eventually(async () => {
      const mine = (await storedEvents('i18n.strings.updated')).filter((e) => e.data.keys.includes(key));
      expect(mine).toHaveLength(3);
      return mine;
    }, 10_000);
    expect(audited.map((e) => [e.subject, e.data.updated_by])).toEqual([
      ['en', admin.id],
      ['ko', translator.id],
      ['ko', translator.id],
    ]);
  });

  it("refuses a plain user's change with 403, and bad bodies with 422 naming the field", async () => {
    const refused = await api.post('/api/i18n/strings', { language: 'ko', translations: { 'errors.forbidden': '금지' } }, as(user));
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('FORBIDDEN');
    expect((await api.get('/api/i18n/strings/ko/errors.forbidden', as(user))).body.value).toBe('허용되지 않습니다');
    expect((await api.post('/api/i18n/strings', { language: 'ko', translations: {} })).status).toBe(401);

    const cases: [Record<string, unknown>, string][] = [
      [{ language: 'fr', translations: { 'errors.x': 'y' } }, 'language'],
      [{ language: 'ko', translations: 'text' }, 'translations'],
      [{ language: 'ko', translations: {} }, 'translations'],
      [{ translations: { 'errors.x': 'y' } }, 'language'],
    ];
    for (const [body, field] of cases) {
      const response = await api.post('/api/i18n/strings', body, as(translator));
      expect(response.status).toBe(422);
      expect(Object.keys(response.body.error.details)).toContain(field);
    }
  });

  it('downloads a language pack with an ETag; a matching If-None-Match is 304, a changed pack a new tag', async () => {
    const pack = await fetch(new URL('/api/i18n/download/ja', api.baseUrl), { headers: { Authorization: `Bearer ${user.accessToken}` } });
    expect(pack.status).toBe(200);
    expect(pack.headers.get('content-type')).toContain('application/json');
    const etag = pack.headers.get('etag');
    expect(etag).toMatch(/^".+"$/);
    const body = (await pack.json()) as { language: string; strings: Record<string, string> };
    expect(body.language).toBe('ja');
    expect(body.strings['errors.validation_error']).toBe('入力内容が正しくありません');

    const again = await fetch(new URL('/api/i18n/download/ja', api.baseUrl), {
      headers: { Authorization: `Bearer ${user.accessToken}`, 'If-None-Match': etag! },
    });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');
    expect(again.headers.get('etag')).toBe(etag);

    const set = await api.post(
      '/api/i18n/strings',
      { language: 'ja', translations: { 'errors.conflict': '競合が発生しました' } },
      as(translator),
    );
    expect(set.body.updated_count).toBe(1);
    const changed = await fetch(new URL('/api/i18n/download/ja', api.baseUrl), {
      headers: { Authorization: `Bearer ${user.accessToken}`, 'If-None-Match': etag! },
    });
    expect(changed.status).toBe(200);
    expect(changed.headers.get('etag')).not.toBe(etag);
    expect(((await changed.json()) as any).strings['errors.conflict']).toBe('競合が発生しました');
  });

  it("answers error messages in the caller's Accept-Language where a translation ships, codes and details unchanged", async () => {
    const korean = { 'Accept-Language': 'ko-KR,ko;q=0.9,en-US;q=0.8' };
    const unauthorized = await api.get('/api/i18n/languages', { headers: korean });
    expect(unauthorized.status).toBe(401);
    expect(unauthorized.body.error).toMatchObject({ code: 'UNAUTHORIZED', message: '인증이 필요합니다' });

    const invalid = await api.get('/api/i18n/strings/ko?limit=0', { ...as(user), headers: korean });
    expect(invalid.status).toBe(422);
    expect(invalid.body.error.message).toBe('입력값이 올바르지 않습니다');
    expect(Object.keys(invalid.body.error.details)).toContain('limit');

    // A value in the message (the resource) is kept.
    const missing = await api.get('/api/i18n/strings/ja/errors.no_such_thing', { ...as(user), headers: { 'Accept-Language': 'ja' } });
    expect(missing.status).toBe(404);
    expect(missing.body.error).toMatchObject({ code: 'NOT_FOUND', message: 'String が見つかりません' });
    const route = await api.get('/api/no/such/route', { headers: { 'Accept-Language': 'ja' } });
    expect(route.body.error.message).toBe('ルートが見つかりません');

    // No translation in the preferred language: the next one, then English.
    const zhThenKo = await api.get('/api/no/such/route', { headers: { 'Accept-Language': 'zh, ko;q=0.5' } });
    expect(zhThenKo.body.error.message).toBe('경로를 찾을 수 없습니다');
    for (const header of ['fr-FR', 'en-US,ko;q=0.9', '']) {
      const english = await api.get('/api/i18n/languages', { headers: { 'Accept-Language': header } });
      expect(english.body.error.message).toBe('Authentication required');
    }
    // A message no shipped string covers stays as it is.
    const forbidden = await api.post(
      '/api/i18n/strings',
      { language: 'ko', translations: { 'errors.x': 'y' } },
      { ...as(user), headers: korean },
    );
    expect(forbidden.status).toBe(403);
    expect(forbidden.body.error.message).toBe('현재 역할로는 허용되지 않습니다');
  });
});
