import { randomUUID } from 'node:crypto';
import { systemContext } from '@sf/contracts';
import { PaymentTestDatabase } from '../testing/payment-test-database';
import { IdempotencyService } from './idempotency.service';

describe('IdempotencyService', () => {
  let db: PaymentTestDatabase;
  let service: IdempotencyService;

  beforeAll(async () => {
    db = await PaymentTestDatabase.create();
    service = new IdempotencyService(db.dataSource);
  });
  afterAll(() => db?.close());

  const ctxWith = (userId: string, key: string) => ({ ...systemContext('req_test'), user_id: userId, idempotency_key: key });
  const age = (key: string, hours: number) =>
    db.dataSource.query(`UPDATE idempotency_records SET created_at = now() - make_interval(hours => $2) WHERE key = $1`, [key, hours]);

  it('answers a repeated key with the first answer, and refuses it with another request', async () => {
    const ctx = ctxWith(randomUUID(), `key-${randomUUID()}`);
    let runs = 0;
    const first = await service.once(ctx, 'order.create', { a: 1 }, async () => ({ run: ++runs }));
    const again = await service.once(ctx, 'order.create', { a: 1 }, async () => ({ run: ++runs }));
    expect([first, again, runs]).toEqual([{ run: 1 }, { run: 1 }, 1]);
    await expect(service.once(ctx, 'order.create', { a: 2 }, async () => ({ run: ++runs }))).rejects.toMatchObject({
      code: 'VALIDATION_ERROR',
    });
  });

  it('treats a key older than 24 hours as new, even with another request', async () => {
    const key = `key-${randomUUID()}`;
    const ctx = ctxWith(randomUUID(), key);
    let runs = 0;
    await service.once(ctx, 'order.create', { a: 1 }, async () => ({ run: ++runs }));
    await age(key, 25);
    expect(await service.once(ctx, 'order.create', { a: 2 }, async () => ({ run: ++runs }))).toEqual({ run: 2 });
    expect(await service.once(ctx, 'order.create', { a: 2 }, async () => ({ run: ++runs }))).toEqual({ run: 2 });
  });

  it('deletes the records of expired keys and keeps the live ones', async () => {
    const [stale, live] = [`key-${randomUUID()}`, `key-${randomUUID()}`];
    await service.once(ctxWith(randomUUID(), stale), 'order.create', {}, async () => ({}));
    await service.once(ctxWith(randomUUID(), live), 'order.create', {}, async () => ({}));
    await age(stale, 30);
    expect(await service.deleteExpired()).toBeGreaterThanOrEqual(1);
    const keys = (await db.dataSource.query(`SELECT key FROM idempotency_records`)).map((r: { key: string }) => r.key);
    expect(keys).toContain(live);
    expect(keys).not.toContain(stale);
  });
});
