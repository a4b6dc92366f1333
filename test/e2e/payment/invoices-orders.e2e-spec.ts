import { ApiClient, registerUser, RegisteredUser } from '@sf/testing';
import { PaymentFleet, startPaymentFleet } from '../payment-fleet';

const today = () => new Date().toISOString().slice(0, 10).replace(/-/g, '');

describe('invoices, orders, history and statements', () => {
  let env: PaymentFleet;
  let api: ApiClient;
  let user: RegisteredUser;
  let other: RegisteredUser;

  beforeAll(async () => {
    env = await startPaymentFleet();
    api = env.api;
    user = await registerUser(api);
    other = await registerUser(api);
  });
  afterAll(() => env?.close());

  const items = [
    { description: 'Consulting', quantity: 3, price_krw: 150000 },
    { description: 'Setup', quantity: 1, price_krw: 99999 },
  ];

  it('generates an invoice numbered YYYYMMDD-XXXX with 10% VAT by default, in integer KRW', async () => {
    const response = await api.post(
      '/api/payment/invoice',
      { items, due_days: 14, recipient_email: 'Billing@Example.com' },
      { token: user.accessToken },
    );
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({
      status: 'draft',
      subtotal_krw: 549999,
      tax_percent: 10,
      tax_krw: 55000,
      total_krw: 604999,
      currency: 'KRW',
      recipient_email: 'billing@example.com',
    });
    expect(response.body.invoice_number).toMatch(new RegExp(`^${today()}-\\d{4}$`));
    expect(response.body.items[0]).toEqual({ description: 'Consulting', quantity: 3, price_krw: 150000, amount_krw: 450000 });
    expect(response.body.pdf_url).toContain(`/api/payment/invoices/${response.body.id}/pdf`);
    const due = new Date(Date.now() + 14 * 86_400_000).toISOString().slice(0, 10);
    expect(response.body.due_date).toBe(due);
    const custom = await api.post(
      '/api/payment/invoices',
      { items: [{ description: 'x', quantity: 1, price_krw: 1000 }], tax_percent: 0 },
      { token: user.accessToken },
    );
    expect(custom.body).toMatchObject({ tax_krw: 0, total_krw: 1000 });
  });

  it('hands out distinct numbers to invoices made at the same time', async () => {
    const made = await Promise.all(
      Array.from({ length: 12 }, () =>
        api.post(
          '/api/payment/invoice',
          { items: [{ description: 'Parallel', quantity: 1, price_krw: 100 }] },
          { token: user.accessToken },
        ),
      ),
    );
    expect(made.map((r) => r.status)).toEqual(Array(12).fill(201));
    const numbers = made.map((r) => r.body.invoice_number);
    expect(new Set(numbers).size).toBe(12);
  });

  it('refuses invalid invoices with 422 naming the field', async () => {
    const cases: [unknown, string][] = [
      [{}, 'items'],
      [{ items: [{ description: 'x', quantity: 1, price_krw: 10.5 }] }, 'items.0.price_krw'],
      [{ items: [{ description: 'x', quantity: 0, price_krw: 10 }] }, 'items.0.quantity'],
      [{ items: [{ description: '', quantity: 1, price_krw: 10 }] }, 'items.0.description'],
      [{ items, tax_percent: 101 }, 'tax_percent'],
      [{ items, due_days: -1 }, 'due_days'],
    ];
    for (const [body, field] of cases) {
      const response = await api.post('/api/payment/invoice', body, { token: user.accessToken });
      expect({ field, status: response.status }).toEqual({ field, status: 422 });
      expect(Object.keys(response.body.error.details)).toContain(field);
    }
  });

  it('moves through draft → issued → paid, refuses other transitions with 409, and deletes only drafts', async () => {
    const created = (await api.post('/api/payment/invoice', { items }, { token: user.accessToken })).body;
    const path = `/api/payment/invoices/${created.id}`;
    expect((await api.put(`${path}/status`, { status: 'paid' }, { token: user.accessToken })).status).toBe(409);
    expect((await api.put(`${path}/status`, { status: 'void' }, { token: user.accessToken })).status).toBe(422);
    const issued = await api.put(`${path}/status`, { status: 'issued' }, { token: user.accessToken });
    expect(issued.body).toMatchObject({ status: 'issued' });
    expect(issued.body.issued_at).toBeTruthy();
    expect((await api.delete(path, { token: user.accessToken })).status).toBe(409);
    const paid = await api.put(`${path}/status`, { status: 'paid' }, { token: user.accessToken });
    expect(paid.body.status).toBe('paid');
    expect((await api.put(`${path}/status`, { status: 'canceled' }, { token: user.accessToken })).status).toBe(409);

    const draft = (await api.post('/api/payment/invoice', { items }, { token: user.accessToken })).body;
    expect((await api.delete(`/api/payment/invoice/${draft.id}`, { token: user.accessToken })).status).toBe(204);
    expect((await api.get(`/api/payment/invoices/${draft.id}`, { token: user.accessToken })).status).toBe(404);
  });

  it('sends an invoice (issuing a draft), and refuses to send a canceled one', async () => {
    const created = (await api.post('/api/payment/invoice', { items }, { token: user.accessToken })).body;
    const missing = await api.post(`/api/payment/invoices/${created.id}/send`, {}, { token: user.accessToken });
    expect(missing.status).toBe(422);
    const sent = await api.post(`/api/payment/invoices/${created.id}/send`, { email: 'client@example.com' }, { token: user.accessToken });
    expect(sent.status).toBe(200);
    expect(sent.body).toMatchObject({ status: 'issued', recipient_email: 'client@example.com' });
    expect(sent.body.sent_at).toBeTruthy();
    const canceled = (await api.post('/api/payment/invoice', { items }, { token: user.accessToken })).body;
    await api.put(`/api/payment/invoices/${canceled.id}/status`, { status: 'canceled' }, { token: user.accessToken });
    expect(
      (await api.post(`/api/payment/invoices/${canceled.id}/send`, { email: 'a@example.com' }, { token: user.accessToken })).status,
    ).toBe(409);
  });

  it('serves a real PDF of the invoice to its owner only', async () => {
    const created = (await api.post('/api/payment/invoice', { items }, { token: user.accessToken })).body;
    const response = await fetch(`${env.fleet.baseUrl}/api/payment/invoices/${created.id}/pdf`, {
      headers: { Authorization: `Bearer ${user.accessToken}` },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/pdf');
    expect(response.headers.get('content-disposition')).toContain(`invoice-${created.invoice_number}.pdf`);
    const bytes = Buffer.from(await response.arrayBuffer());
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    expect(bytes.subarray(-6).toString()).toContain('%%EOF');
    expect((await api.get(`/api/payment/invoices/${created.id}/pdf`, { token: other.accessToken })).status).toBe(404);
    expect((await api.get(`/api/payment/invoices/${created.id}/pdf`)).status).toBe(401);
  });

  it("never shows or changes another user's invoice: 404", async () => {
    const created = (await api.post('/api/payment/invoice', { items }, { token: user.accessToken })).body;
    const path = `/api/payment/invoices/${created.id}`;
    expect((await api.get(path, { token: other.accessToken })).status).toBe(404);
    expect((await api.put(`${path}/status`, { status: 'issued' }, { token: other.accessToken })).status).toBe(404);
    expect((await api.post(`${path}/send`, { email: 'x@example.com' }, { token: other.accessToken })).status).toBe(404);
    expect((await api.delete(path, { token: other.accessToken })).status).toBe(404);
    expect((await api.get('/api/payment/invoices', { token: other.accessToken })).body.total).toBe(0);
    expect((await api.get(path, { token: user.accessToken })).body.status).toBe('draft');
  });

  it('lists invoices with paging, status filter and sort; unknown sort fields are 422', async () => {
    const page = await api.get('/api/payment/invoices', { token: user.accessToken, query: { limit: 2, page: 1, sort: '-total_krw' } });
    expect(page.status).toBe(200);
    expect(page.body.invoices).toHaveLength(2);
    expect(page.body.limit).toBe(2);
    expect(page.body.invoices[0].total_krw).toBeGreaterThanOrEqual(page.body.invoices[1].total_krw);
    const drafts = await api.get('/api/payment/invoice', { token: user.accessToken, query: { status: 'draft' } });
    expect(drafts.body.invoices.every((i: any) => i.status === 'draft')).toBe(true);
    expect((await api.get('/api/payment/invoices', { token: user.accessToken, query: { sort: 'secret' } })).status).toBe(422);
  });

  describe('orders', () => {
    const order = {
      items: [
        { product_id: 1, quantity: 2, price_krw: 9900 },
        { product_id: 'SKU-7', quantity: 1, price_krw: 5000 },
      ],
      shipping_address: { city: 'Seoul' },
    };

    it('creates a pending order with a number and an integer total, and reads it back', async () => {
      const created = await api.post('/api/orders', order, { token: user.accessToken });
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({ status: 'pending', total_krw: 24800, currency: 'KRW', shipping_address: { city: 'Seoul' } });
      expect(created.body.order_number).toMatch(new RegExp(`^ORD-${today()}-\\d{4,}$`));
      expect(created.body.order_id).toBe(created.body.id);
      const read = await api.get(`/api/orders/${created.body.id}`, { token: user.accessToken });
      expect(read.body).toEqual(created.body);
      expect((await api.get('/api/orders', { token: user.accessToken })).body.orders.map((o: any) => o.id)).toContain(created.body.id);
    });

    it('answers a repeated Idempotency-Key with the first order', async () => {
      const headers = { 'Idempotency-Key': `order-${Date.now()}` };
      const [a, b] = await Promise.all([
        api.post('/api/orders', order, { token: user.accessToken, headers }),
        api.post('/api/orders', order, { token: user.accessToken, headers }),
      ]);
      const statuses = [a.status, b.status].sort();
      // Concurrent repeats either wait for the first answer or are told it is in progress.
      expect(statuses[0]).toBe(201);
      const c = await api.post('/api/orders', order, { token: user.accessToken, headers });
      expect(c.status).toBe(201);
      expect(c.body.id).toBe(a.status === 201 ? a.body.id : b.body.id);
    });

    it('answers repeats of an invoice under one Idempotency-Key with the first invoice; another body under it is a 422', async () => {
      const headers = { 'Idempotency-Key': `invoice-${Date.now()}` };
      const body = { items: [{ description: 'Consulting', quantity: 2, price_krw: 50000 }] };
      const count = async () => (await api.get('/api/payment/invoices', { token: user.accessToken })).body.total as number;
      const before = await count();
      const repeats = await Promise.all([1, 2, 3].map(() => api.post('/api/payment/invoice', body, { token: user.accessToken, headers })));
      expect(repeats.map((r) => r.status)).toEqual([201, 201, 201]);
      expect(new Set(repeats.map((r) => r.body.id)).size).toBe(1);
      expect(await count()).toBe(before + 1);
      const other = await api.post(
        '/api/payment/invoice',
        { items: [{ description: 'Other', quantity: 1, price_krw: 1 }] },
        { token: user.accessToken, headers },
      );
      expect(other.status).toBe(422);
    });

    it('invoices an order from its items', async () => {
      const created = (await api.post('/api/orders', order, { token: user.accessToken })).body;
      const invoice = await api.post('/api/payment/invoice', { order_id: created.id }, { token: user.accessToken });
      expect(invoice.status).toBe(201);
      expect(invoice.body).toMatchObject({ order_id: created.id, subtotal_krw: 24800, tax_krw: 2480, total_krw: 27280 });
      expect((await api.post('/api/payment/invoice', { order_id: created.id }, { token: other.accessToken })).status).toBe(404);
    });

    it("never shows or cancels another user's order: 404", async () => {
      const created = (await api.post('/api/orders', order, { token: user.accessToken })).body;
      expect((await api.get(`/api/orders/${created.id}`, { token: other.accessToken })).status).toBe(404);
      expect((await api.post(`/api/orders/${created.id}/cancel`, {}, { token: other.accessToken })).status).toBe(404);
      expect((await api.get('/api/orders', { token: other.accessToken })).body.total).toBe(0);
      const cancelled = await api.post(`/api/orders/${created.id}/cancel`, {}, { token: user.accessToken });
      expect(cancelled.body.status).toBe('cancelled');
    });

    it('refuses invalid orders with 422', async () => {
      for (const body of [
        {},
        { items: [] },
        { items: [{ product_id: 1, quantity: 1, price_krw: -1 }] },
        { items: [{ product_id: 1, quantity: 1.5, price_krw: 1 }] },
      ]) {
        expect((await api.post('/api/orders', body, { token: user.accessToken })).status).toBe(422);
      }
    });
  });

  describe('history and statements', () => {
    it('lists invoices and payments together, filtered by type, status and dates', async () => {
      const fresh = await registerUser(api);
      const a = (
        await api.post(
          '/api/payment/invoice',
          { items: [{ description: 'A', quantity: 1, price_krw: 1000 }] },
          { token: fresh.accessToken },
        )
      ).body;
      const b = (
        await api.post(
          '/api/payment/invoice',
          { items: [{ description: 'B', quantity: 1, price_krw: 2000 }] },
          { token: fresh.accessToken },
        )
      ).body;
      await api.put(`/api/payment/invoices/${b.id}/status`, { status: 'issued' }, { token: fresh.accessToken });
      await api.put(`/api/payment/invoices/${b.id}/status`, { status: 'paid' }, { token: fresh.accessToken });

      const all = await api.get('/api/payment/history', { token: fresh.accessToken });
      expect(all.body.total).toBe(2);
      expect(all.body.history.map((h: any) => h.type)).toEqual(['invoice', 'invoice']);
      const paid = await api.get('/api/payment/history', { token: fresh.accessToken, query: { status: 'paid' } });
      expect(paid.body.history.map((h: any) => [h.id, h.amount_krw])).toEqual([[b.id, 2200]]);
      const pending = await api.get('/api/payment/history', { token: fresh.accessToken, query: { status: 'pending' } });
      expect(pending.body.history.map((h: any) => h.id)).toEqual([a.id]);
      const day = new Date().toISOString().slice(0, 10);
      expect(
        (await api.get('/api/payment/history', { token: fresh.accessToken, query: { start_date: day, end_date: day } })).body.total,
      ).toBe(2);
      expect((await api.get('/api/payment/history', { token: fresh.accessToken, query: { end_date: '2020-01-01' } })).body.total).toBe(0);
      expect((await api.get('/api/payment/history', { token: fresh.accessToken, query: { start_date: 'yesterday' } })).status).toBe(422);
      expect((await api.get('/api/payment/history', { token: other.accessToken })).body.total).toBe(0);
    });

    it('aggregates a monthly statement', async () => {
      const fresh = await registerUser(api);
      const a = (
        await api.post(
          '/api/payment/invoice',
          { items: [{ description: 'A', quantity: 1, price_krw: 10000 }] },
          { token: fresh.accessToken },
        )
      ).body;
      const b = (
        await api.post(
          '/api/payment/invoice',
          { items: [{ description: 'B', quantity: 2, price_krw: 5000 }] },
          { token: fresh.accessToken },
        )
      ).body;
      await api.put(`/api/payment/invoices/${a.id}/status`, { status: 'issued' }, { token: fresh.accessToken });
      await api.put(`/api/payment/invoices/${b.id}/status`, { status: 'issued' }, { token: fresh.accessToken });
      await api.put(`/api/payment/invoices/${b.id}/status`, { status: 'paid' }, { token: fresh.accessToken });
      await api.post(
        '/api/payment/invoice',
        { items: [{ description: 'draft', quantity: 1, price_krw: 777 }] },
        { token: fresh.accessToken },
      );
      const month = new Date().toISOString().slice(0, 7);
      const statements = await api.get('/api/payment/statements', { token: fresh.accessToken });
      expect(statements.status).toBe(200);
      expect(statements.body.statements).toEqual([
        {
          month,
          invoice_count: 2,
          invoiced_krw: 22000,
          invoice_paid_krw: 11000,
          outstanding_krw: 11000,
          payment_count: 0,
          payments_krw: 0,
          refunded_krw: 0,
          currency: 'KRW',
        },
      ]);
      expect((await api.get('/api/payment/statements', { token: fresh.accessToken, query: { month: '2001-01' } })).body.statements).toEqual(
        [],
      );
      expect((await api.get('/api/payment/statements', { token: fresh.accessToken, query: { month: '2001-13' } })).status).toBe(422);
    });
  });
});
