import { randomUUID } from 'node:crypto';
import type { CloudEvent } from '@sf/contracts';
import { ServiceTestDatabase } from '@sf/testing';
import { ADMIN_SCHEMA } from '../database';
import { appendToHistory, historyData, sourceOf, subjectUser } from './event-history';

const uuid = '3f0c3c8e-8a59-4b4f-9d43-1a0c7c6c2b11';
const other = '9b1e4b0e-2f6c-4a57-8f5e-5b2d0b6d7e22';

describe('what the event history keeps of an event', () => {
  it('names the account from the data, preferring user_id, else from the subject of auth events only', () => {
    expect(subjectUser({ source: 'softfactory/coocook', subject: other, data: { guest_id: uuid, chef_id: other } })).toBe(uuid);
    expect(subjectUser({ source: 'softfactory/coocook', subject: other, data: { author_id: other, user_id: uuid } })).toBe(uuid);
    expect(subjectUser({ source: 'softfactory/auth', subject: uuid, data: {} })).toBe(uuid);
    expect(subjectUser({ source: 'softfactory/coocook', subject: uuid, data: { recipe_id: other } })).toBeNull();
    expect(subjectUser({ source: 'softfactory/auth', subject: 'not-a-user', data: { user_id: 'nope' } })).toBeNull();
  });

  it('drops links, tokens and secrets, and keeps only short scalars of a large document', () => {
    expect(historyData({ user_id: uuid, reset_token: 't', reset_url: 'https://x', email: 'a@b.c' })).toEqual({
      user_id: uuid,
      email: 'a@b.c',
    });
    const large = historyData({ user_id: uuid, amount_krw: 1000, text: 'x'.repeat(5000), tags: ['a'] });
    expect(large).toEqual({ user_id: uuid, amount_krw: 1000, truncated: true });
    expect(historyData(null)).toEqual({});
  });

  it('reads the publishing service from the source', () => {
    expect(sourceOf({ source: 'softfactory/payment' })).toBe('payment');
    expect(sourceOf({ source: '' })).toBe('unknown');
  });
});

describe('appending to the event history (real Postgres)', () => {
  let db: ServiceTestDatabase;
  const event = (time: string): CloudEvent => ({
    specversion: '1.0',
    id: randomUUID(),
    source: 'softfactory/payment',
    type: 'order.created',
    subject: uuid,
    time,
    datacontenttype: 'application/json',
    data: { user_id: uuid },
  });
  const append = (e: CloudEvent) => db.dataSource.transaction((manager) => appendToHistory(manager, e));

  beforeAll(async () => {
    db = await ServiceTestDatabase.create(ADMIN_SCHEMA);
  });
  afterAll(() => db?.close());

  it('makes a month’s partition once, and does not ask again for a month it has made', async () => {
    expect(await append(event('2033-02-10T10:00:00Z'))).toBe(true);
    // Without its partition function the next append only succeeds if it does not ask again.
    await db.dataSource.query(`ALTER FUNCTION event_history_partition(timestamptz) RENAME TO event_history_partition_away`);
    try {
      expect(await append(event('2033-02-20T10:00:00Z'))).toBe(true);
      await expect(append(event('2033-03-01T10:00:00Z'))).rejects.toThrow(/event_history_partition/);
    } finally {
      await db.dataSource.query(`ALTER FUNCTION event_history_partition_away(timestamptz) RENAME TO event_history_partition`);
    }
    expect(await append(event('2033-03-01T10:00:00Z'))).toBe(true);
  });

  it('makes the partition again when the transaction that made it rolled back', async () => {
    await expect(
      db.dataSource.transaction(async (manager) => {
        await appendToHistory(manager, event('2034-05-05T00:00:00Z'));
        throw new Error('the consumer failed after appending');
      }),
    ).rejects.toThrow('the consumer failed');
    expect((await db.dataSource.query(`SELECT to_regclass('event_history_2034_05') AS t`))[0].t).toBeNull();
    expect(await append(event('2034-05-06T00:00:00Z'))).toBe(true);
  });
});
