import { nextDocumentNumber } from './document-numbers';
import { PaymentTestDatabase } from '../testing/payment-test-database';

describe('document numbers (real Postgres)', () => {
  let db: PaymentTestDatabase;

  beforeAll(async () => {
    db = await PaymentTestDatabase.create();
  });
  afterAll(() => db?.close());

  it('numbers a day YYYYMMDD-0001, -0002, ... per kind', async () => {
    const day = new Date('2031-03-15T10:00:00Z');
    const take = (kind: 'invoice' | 'order') => db.dataSource.transaction((m) => nextDocumentNumber(m, kind, day));
    expect(await take('invoice')).toBe('20310315-0001');
    expect(await take('invoice')).toBe('20310315-0002');
    expect(await take('order')).toBe('20310315-0001');
    expect(await db.dataSource.transaction((m) => nextDocumentNumber(m, 'invoice', new Date('2031-03-16T00:00:00Z')))).toBe(
      '20310316-0001',
    );
  });

  it('gives concurrent transactions distinct, gapless numbers, and a rolled-back one its number back', async () => {
    const day = new Date('2031-04-01T12:00:00Z');
    const numbers = await Promise.all(
      Array.from({ length: 25 }, (_, i) =>
        db.dataSource.transaction(async (m) => {
          const n = await nextDocumentNumber(m, 'invoice', day);
          // Hold the transaction a moment, as a use case would, so the callers really overlap.
          await m.query('SELECT pg_sleep($1)', [(i % 5) / 200]);
          return n;
        }),
      ),
    );
    expect(new Set(numbers).size).toBe(25);
    expect([...numbers].sort()).toEqual(Array.from({ length: 25 }, (_, i) => `20310401-${String(i + 1).padStart(4, '0')}`));
    await expect(
      db.dataSource.transaction(async (m) => {
        await nextDocumentNumber(m, 'invoice', day);
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect(await db.dataSource.transaction((m) => nextDocumentNumber(m, 'invoice', day))).toBe('20310401-0026');
  });
});
