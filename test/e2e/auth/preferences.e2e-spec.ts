import type { CloudEvent } from '@sf/events';
import { ApiClient, eventually, registerUser, TestFleet } from '@sf/testing';
import { startAuthFleet } from '../fleet';

describe('GET|PUT /api/settings/preferences through the gateway', () => {
  let fleet: TestFleet;
  let api: ApiClient;
  const announced: CloudEvent<{ user_id: string; language: string; timezone: string }>[] = [];

  beforeAll(async () => {
    ({ fleet, api } = await startAuthFleet());
    fleet.nats.subscribe(fleet.subject('events.auth.user.preferences_updated'), {
      callback: (error, msg) => {
        if (!error) announced.push(msg.json());
      },
    });
    await fleet.nats.flush();
  });
  afterAll(() => fleet?.close());

  it('gives the defaults until the user saves, then keeps each field sent and leaves the rest', async () => {
    const user = await registerUser(api);
    const before = await api.get('/api/settings/preferences', { token: user.accessToken });
    expect(before.status).toBe(200);
    expect(before.body).toEqual({ language: 'ko', timezone: 'Asia/Seoul', theme: 'system', date_format: 'YYYY-MM-DD', updated_at: null });

    const saved = await api.put('/api/settings/preferences', { language: 'en', timezone: 'Europe/Berlin' }, { token: user.accessToken });
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({ language: 'en', timezone: 'Europe/Berlin', theme: 'system', date_format: 'YYYY-MM-DD' });
    expect(Date.parse(saved.body.updated_at)).not.toBeNaN();

    const themed = await api.put('/api/settings/preferences', { theme: 'dark' }, { token: user.accessToken });
    expect(themed.body).toMatchObject({ language: 'en', timezone: 'Europe/Berlin', theme: 'dark' });
    const read = await api.get('/api/settings/preferences', { token: user.accessToken });
    expect(read.body).toEqual(themed.body);
  });

  it('keeps each user to their own preferences', async () => {
    const a = await registerUser(api);
    const b = await registerUser(api);
    await api.put('/api/settings/preferences', { language: 'ja' }, { token: a.accessToken });
    const other = await api.get('/api/settings/preferences', { token: b.accessToken });
    expect(other.body.language).toBe('ko');
  });

  it('announces a language or time zone change once, and not a theme change', async () => {
    const user = await registerUser(api);
    await api.put('/api/settings/preferences', { timezone: 'America/New_York' }, { token: user.accessToken });
    await api.put('/api/settings/preferences', { theme: 'light' }, { token: user.accessToken });
    await eventually(async () => expect(announced.filter((e) => e.data.user_id === user.id)).toHaveLength(1));
    expect(announced.find((e) => e.data.user_id === user.id)?.data).toEqual({
      user_id: user.id,
      language: 'ko',
      timezone: 'America/New_York',
    });
  });

  it('refuses an unknown language, time zone, theme or date format with 422 naming the field', async () => {
    const user = await registerUser(api);
    const cases: [string, string | null][] = [
      ['language', 'xx'],
      ['timezone', 'Mars/Olympus_Mons'],
      ['timezone', 'Asia/Seoul; DROP'],
      ['theme', 'neon'],
      ['date_format', 'YY'],
      ['timezone', null],
      ['language', null],
    ];
    for (const [field, value] of cases) {
      const response = await api.put('/api/settings/preferences', { [field]: value }, { token: user.accessToken });
      expect(response.status).toBe(422);
      expect(response.body.error.details).toHaveProperty(field);
    }
    const read = await api.get('/api/settings/preferences', { token: user.accessToken });
    expect(read.body.updated_at).toBeNull();
  });

  it('is for signed-in users only', async () => {
    expect((await api.get('/api/settings/preferences')).status).toBe(401);
    expect((await api.put('/api/settings/preferences', { theme: 'dark' })).status).toBe(401);
  });
});
