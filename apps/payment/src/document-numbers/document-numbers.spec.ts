import { OrderNumberSequence1796900000000 } from '../migrations/1796900000000-OrderNumberSequence';
import { nextInvoiceNumber, nextOrderNumber } from './document-numbers';
import { PaymentTestDatabase } from '../testing/payment-test-database';

describe('document numbers (real Postgres)', () => {
  let db: PaymentTestDatabase;

  beforeAll(async () => {
    db = await PaymentTestDatabase.create();
  });
  afterAll(() => db?.close());

  it('numbers invoices YYYYMMDD-0001, -0002, ... per day', async () => {
    const day = new Date('2031-03-15T10:00:00Z');
    const take = () => db.dataSource.transaction((m) => nextInvoiceNumber(m, day));
    expect(await take()).toBe('20310315-0001');
    expect(await take()).toBe('20310315-0002');
    expect(await db.dataSource.transaction((m) => nextInvoiceNumber(m, new Date('2031-03-16T00:00:00Z')))).toBe('20310316-0001');
  });

  it('gives concurrent transactions distinct, gapless invoice numbers, and a rolled-back one its number back', async () => {
    const day = new Date('2031-04-01T12:00:00Z');
    const numbers = await Promise.all(
      Array.from({ length: 25 }, (_, i) =>
        db.dataSource.transaction(async (m) => {
          const n = await nextInvoiceNumber(m, day);
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
        await nextInvoiceNumber(m, day);
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect(await db.dataSource.transaction((m) => nextInvoiceNumber(m, day))).toBe('20310401-0026');
  });

  it('gives orders distinct, increasing numbers without a lock: an open order does not hold up the next', async () => {
    const day = new Date('2031-05-02T08:00:00Z');
    const suffix = (n: string) => Number(n.split('-')[2]);
    const runner = db.dataSource.createQueryRunner();
    await runner.startTransaction();
    try {
      const held = await nextOrderNumber(runner.manager, day);
      // While that order's transaction is still open, others take and commit theirs; a lock
      // (like the invoices' counter row) would make them wait, and lock_timeout fail them.
      const others = await Promise.all(
        Array.from({ length: 5 }, () =>
          db.dataSource.transaction(async (m) => {
            await m.query(`SET LOCAL lock_timeout = '500ms'`);
            return nextOrderNumber(m, day);
          }),
        ),
      );
      const numbers = [held, ...others];
      expect(new Set(numbers).size).toBe(6);
      for (const n of numbers) expect(n).toMatch(/^ORD-20310502-\d{4,}$/);
      expect(Math.min(...others.map(suffix))).toBeGreaterThan(suffix(held));
      const later = await db.dataSource.transaction((m) => nextOrderNumber(m, new Date('2031-05-03T00:00:00Z')));
      expect(later).toMatch(/^ORD-20310503-\d{4,}$/);
      expect(suffix(later)).toBeGreaterThan(Math.max(...numbers.map(suffix)));
    } finally {
      await runner.rollbackTransaction();
      await runner.release();
    }
  });

  it('starts the order sequence past every number the counter gave orders, so none is given twice', async () => {
    const runner = db.dataSource.createQueryRunner();
    await runner.startTransaction();
    try {
      await runner.query('DROP SEQUENCE order_numbers');
      await runner.query(
        `INSERT INTO document_counters (kind, day, last) VALUES ('order', '2031-06-01', 41), ('order', '2031-06-02', 7), ('invoice', '2031-06-02', 99)`,
      );
      await new OrderNumberSequence1796900000000().up(runner);
      expect(await nextOrderNumber(runner.manager, new Date('2031-06-02T09:00:00Z'))).toBe('ORD-20310602-0042');
      expect(await runner.query(`SELECT kind, last FROM document_counters WHERE day >= '2031-06-01' ORDER BY kind`)).toEqual([
        { kind: 'invoice', last: 99 },
      ]);
    } finally {
      await runner.rollbackTransaction();
      await runner.release();
    }
  });
});
