import { randomUUID } from 'node:crypto';
import { systemContext } from '@sf/contracts';
import { PaymentTestDatabase } from '../testing/payment-test-database';
import { IDEMPOTENCY_CLAIM_LEASE_MS, IdempotencyService } from './idempotency.service';

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

  it('treats a key older than 24 hours as new, even with another request', async () => {
    const key = `key-${randomUUID()}`;
    const ctx = ctxWith(randomUUID(), key);
    let runs = 0;
    await service.onceAcrossCalls(ctx, 'checkout', { a: 1 }, async () => ({ run: ++runs }));
    await age(key, 25);
    expect(await service.onceAcrossCalls(ctx, 'checkout', { a: 2 }, async () => ({ run: ++runs }))).toEqual({ run: 2 });
    expect(await service.onceAcrossCalls(ctx, 'checkout', { a: 2 }, async () => ({ run: ++runs }))).toEqual({ run: 2 });
  });

  it('deletes the records of expired keys and keeps the live ones', async () => {
    const [stale, live] = [`key-${randomUUID()}`, `key-${randomUUID()}`];
    await service.onceAcrossCalls(ctxWith(randomUUID(), stale), 'checkout', {}, async () => ({}));
    await service.onceAcrossCalls(ctxWith(randomUUID(), live), 'checkout', {}, async () => ({}));
    await age(stale, 30);
    expect(await service.deleteExpired()).toBeGreaterThanOrEqual(1);
    const keys = (await db.dataSource.query(`SELECT key FROM idempotency_records`)).map((r: { key: string }) => r.key);
    expect(keys).toContain(live);
    expect(keys).not.toContain(stale);
  });

  describe('across calls (work that calls Stripe)', () => {
    const record = async (key: string) =>
      ((await db.dataSource.query(`SELECT response FROM idempotency_records WHERE key = $1`, [key])) as { response: unknown }[])[0];

    it('commits the claim before the work runs, outside any transaction, and stores the answer after', async () => {
      const key = `key-${randomUUID()}`;
      let seenDuringWork: unknown = 'not run';
      const answer = await service.onceAcrossCalls(ctxWith(randomUUID(), key), 'checkout', { a: 1 }, async (given) => {
        // Read on another connection: only a committed claim is visible there.
        seenDuringWork = await record(key);
        return { key: given };
      });
      expect(seenDuringWork).toEqual({ response: null });
      expect(answer).toEqual({ key });
      expect(await record(key)).toEqual({ response: { key } });
    });

    it('makes a concurrent repeat wait for the first answer, and refuses the key with another request', async () => {
      const ctx = ctxWith(randomUUID(), `key-${randomUUID()}`);
      let runs = 0;
      let release: () => void = () => undefined;
      const gate = new Promise<void>((resolve) => (release = resolve));
      const first = service.onceAcrossCalls(ctx, 'checkout', { a: 1 }, async () => {
        runs += 1;
        await gate;
        return { run: runs };
      });
      while (runs === 0) await new Promise((resolve) => setTimeout(resolve, 10));
      const repeat = service.onceAcrossCalls(ctx, 'checkout', { a: 1 }, async () => ({ run: ++runs }));
      await expect(service.onceAcrossCalls(ctx, 'checkout', { a: 2 }, async () => ({ run: ++runs }))).rejects.toMatchObject({
        code: 'VALIDATION_ERROR',
      });
      release();
      expect(await Promise.all([first, repeat])).toEqual([{ run: 1 }, { run: 1 }]);
      expect(runs).toBe(1);
    });

    it('gives the key back when the work fails, so the request can be made again', async () => {
      const ctx = ctxWith(randomUUID(), `key-${randomUUID()}`);
      await expect(
        service.onceAcrossCalls(ctx, 'checkout', {}, async () => {
          throw new Error('Stripe unreachable');
        }),
      ).rejects.toThrow('Stripe unreachable');
      expect(await service.onceAcrossCalls(ctx, 'checkout', {}, async () => ({ ok: true }))).toEqual({ ok: true });
    });

    it('takes over a claim abandoned by a crash and runs the work again with the same key', async () => {
      const key = `key-${randomUUID()}`;
      const ctx = ctxWith(randomUUID(), key);
      // What a crash between the claim and the answer leaves: a claim without an answer, past its lease.
      const claim = service.onceAcrossCalls(ctx, 'checkout', { a: 1 }, () => new Promise<never>(() => undefined));
      void claim;
      while (!(await record(key))) await new Promise((resolve) => setTimeout(resolve, 10));
      await db.dataSource.query(`UPDATE idempotency_records SET created_at = now() - make_interval(secs => $2) WHERE key = $1`, [
        key,
        IDEMPOTENCY_CLAIM_LEASE_MS / 1000 + 1,
      ]);
      const keys: (string | null)[] = [];
      expect(
        await service.onceAcrossCalls(ctx, 'checkout', { a: 1 }, async (given) => {
          keys.push(given);
          return { resumed: true };
        }),
      ).toEqual({ resumed: true });
      expect(keys).toEqual([key]);
      expect(await record(key)).toEqual({ response: { resumed: true } });
    });
  });
});
