import { randomUUID } from 'node:crypto';
import { UserContext } from '@sf/contracts';
import { PaymentTestDatabase } from '../testing/payment-test-database';
import { HistoryService } from './history.service';

const ctxOf = (userId: string): UserContext => ({
  request_id: 'req_spec',
  user_id: userId,
  roles: ['user'],
  tier: 'free',
  scopes: null,
  session_id: null,
  api_key_id: null,
  ip: '127.0.0.1',
});

describe('HistoryService (real Postgres)', () => {
  let db: PaymentTestDatabase;
  let history: HistoryService;
  const userId = randomUUID();
  const someoneElse = randomUUID();
  let seq = 0;

  async function invoice(owner: string, status: string, total: number, at: string) {
    await db.dataSource.query(
      `INSERT INTO invoices (user_id, number, status, items, subtotal_krw, tax_percent, tax_krw, total_krw, issued_at, paid_at, created_at)
       VALUES ($1, $2, $3::text, '[]', $4, 10, 0, $4, CASE WHEN $3::text IN ('issued', 'paid') THEN $5::timestamptz END, CASE WHEN $3::text = 'paid' THEN $5::timestamptz END, $5)`,
      [owner, `SPEC-${++seq}`, status, total, at],
    );
  }

  async function payment(owner: string, status: string, amount: number, at: string, refunded = 0) {
    await db.dataSource.query(
      `INSERT INTO payments (user_id, kind, reference, description, amount_krw, status, refunded_krw, paid_at, created_at)
       VALUES ($1, 'charge', $2, 'Booking', $3, $4::text, $5, CASE WHEN $4::text IN ('completed', 'refunded', 'partially_refunded') THEN $6::timestamptz END, $6)`,
      [owner, `spec:${++seq}`, amount, status, refunded, at],
    );
  }

  beforeAll(async () => {
    db = await PaymentTestDatabase.create();
    history = new HistoryService(db.dataSource);
    await invoice(userId, 'paid', 11000, '2031-01-10T10:00:00Z');
    await invoice(userId, 'issued', 22000, '2031-01-20T10:00:00Z');
    await invoice(userId, 'draft', 500, '2031-01-21T10:00:00Z');
    await invoice(userId, 'canceled', 900, '2031-02-02T10:00:00Z');
    await payment(userId, 'completed', 150000, '2031-01-15T10:00:00Z');
    await payment(userId, 'refunded', 80000, '2031-02-03T10:00:00Z', 80000);
    await payment(userId, 'partially_refunded', 60000, '2031-02-04T10:00:00Z', 10000);
    await payment(userId, 'failed', 7000, '2031-02-05T10:00:00Z');
    await payment(userId, 'pending', 3000, '2031-02-06T10:00:00Z');
    await invoice(someoneElse, 'paid', 999999, '2031-01-10T10:00:00Z');
    await payment(someoneElse, 'completed', 999999, '2031-01-10T10:00:00Z');
  });
  afterAll(() => db?.close());

  it('merges invoices and payments newest first, with the total over all pages', async () => {
    const page = await history.history(ctxOf(userId), { limit: 3 });
    expect(page.total).toBe(9);
    expect(page.pages).toBe(3);
    expect(page.history.map((h) => h.amount_krw)).toEqual([3000, 7000, 60000]);
    const past = await history.history(ctxOf(userId), { page: 9, limit: 3 });
    expect(past).toMatchObject({ history: [], total: 9 });
  });

  it('reads status filters across both kinds', async () => {
    const amounts = async (status: string) =>
      (await history.history(ctxOf(userId), { status })).history.map((h) => h.amount_krw).sort((a, b) => a - b);
    expect(await amounts('paid')).toEqual([11000, 150000]);
    expect(await amounts('pending')).toEqual([500, 3000, 22000]);
    expect(await amounts('refunded')).toEqual([60000, 80000]);
    expect(await amounts('failed')).toEqual([7000]);
    expect(await amounts('canceled')).toEqual([900]);
  });

  it('filters by type and by date, a bare end date covering its whole day', async () => {
    const january = await history.history(ctxOf(userId), { start_date: '2031-01-01', end_date: '2031-01-20' });
    expect(january.history.map((h) => h.amount_krw).sort((a, b) => a - b)).toEqual([11000, 22000, 150000]);
    const payments = await history.history(ctxOf(userId), { type: 'payment', sort: 'amount_krw' });
    expect(payments.history.map((h) => h.amount_krw)).toEqual([3000, 7000, 60000, 80000, 150000]);
  });

  it('aggregates statements per month: issued and paid invoices, money received and refunded', async () => {
    const statements = await history.statements(ctxOf(userId), {});
    expect(statements.statements).toEqual([
      {
        month: '2031-02',
        invoice_count: 0,
        invoiced_krw: 0,
        invoice_paid_krw: 0,
        outstanding_krw: 0,
        payment_count: 2,
        payments_krw: 140000,
        refunded_krw: 90000,
        currency: 'KRW',
      },
      {
        month: '2031-01',
        invoice_count: 2,
        invoiced_krw: 33000,
        invoice_paid_krw: 11000,
        outstanding_krw: 22000,
        payment_count: 1,
        payments_krw: 150000,
        refunded_krw: 0,
        currency: 'KRW',
      },
    ]);
    expect((await history.statements(ctxOf(userId), { month: '2031-01' })).statements.map((s) => s.month)).toEqual(['2031-01']);
    expect((await history.statements(ctxOf(userId), { year: '2030' })).statements).toEqual([]);
  });
});
