import { historyData, sourceOf, subjectUser } from './event-history';

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
