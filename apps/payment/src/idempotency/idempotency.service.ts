import { Injectable, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { CallerContext } from '@sf/contracts';
import { returnedRows } from '@sf/database';
import { Conflict, ValidationFailed } from '@sf/errors';
import { deleteExpiredIdempotencyRecords, IDEMPOTENCY_KEY_TTL_HOURS, requestFingerprint } from '@sf/idempotency';

const SWEEP_INTERVAL_MS = 60 * 60 * 1000;
/** A claim without an answer for this long was abandoned (a crash mid-request): the next repeat takes it over. */
export const IDEMPOTENCY_CLAIM_LEASE_MS = 2 * 60 * 1000;
/** How long a repeat waits for the answer of a request still in progress, polling at POLL_MS. */
const WAIT_FOR_ANSWER_MS = 30 * 1000;
const POLL_MS = 100;

/**
 * `Idempotency-Key` for work that calls Stripe (checkout, subscribing: endpoints declared
 * `idempotent: 'in-service'`), which must not hold a transaction open over a call; the other
 * creating endpoints, orders and invoices among them, are made idempotent by the endpoint's own
 * declaration (ADR 0019). A repeat gets the first answer back, the same key with a different
 * request is refused, and a key lasts 24 hours: an hourly sweep deletes the expired records.
 */
@Injectable()
export class IdempotencyService implements OnModuleInit, OnModuleDestroy {
  private sweeper: NodeJS.Timeout | null = null;

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  onModuleInit(): void {
    this.sweeper = setInterval(() => void this.deleteExpired().catch(() => undefined), SWEEP_INTERVAL_MS).unref();
  }

  onModuleDestroy(): void {
    if (this.sweeper) clearInterval(this.sweeper);
  }

  /** Deletes the records of expired keys; answers how many. */
  deleteExpired(): Promise<number> {
    return deleteExpiredIdempotencyRecords(this.dataSource);
  }

  /**
   * Work that calls Stripe, which must not run inside a transaction: the key is claimed
   * and committed first (the intent), the work runs with its own short transactions, then its
   * answer is stored. A concurrent repeat waits for that answer. A failed attempt gives the key
   * back, as a rolled-back transaction would. A claim left unanswered by a crash is taken over
   * after IDEMPOTENCY_CLAIM_LEASE_MS and the work runs again: the work passes the key on to Stripe,
   * so Stripe answers the second run with what it made in the first.
   */
  async onceAcrossCalls<T>(ctx: CallerContext, operation: string, request: unknown, work: (key: string | null) => Promise<T>): Promise<T> {
    const key = ctx.idempotency_key;
    const userId = ctx.user_id;
    if (!key || !userId) return work(null);
    const fingerprint = requestFingerprint(request);
    const deadline = Date.now() + WAIT_FOR_ANSWER_MS;
    let claimedAt: string | undefined;
    while (!claimedAt) {
      const [claim] = returnedRows<{ claimed_at: string }>(
        await this.dataSource.query(
          // An expired record is taken over in place; so is an abandoned claim of the same request.
          `INSERT INTO idempotency_records (user_id, operation, key, fingerprint) VALUES ($1, $2, $3, $4)
           ON CONFLICT (user_id, operation, key) DO UPDATE
             SET fingerprint = EXCLUDED.fingerprint, response = NULL, created_at = now()
             WHERE idempotency_records.created_at < now() - make_interval(hours => $5)
                OR (idempotency_records.response IS NULL AND idempotency_records.fingerprint = EXCLUDED.fingerprint
                    AND idempotency_records.created_at < now() - make_interval(secs => $6))
           RETURNING created_at::text AS claimed_at`,
          [userId, operation, key, fingerprint, IDEMPOTENCY_KEY_TTL_HOURS, IDEMPOTENCY_CLAIM_LEASE_MS / 1000],
        ),
      );
      if (claim) {
        claimedAt = claim.claimed_at;
        break;
      }
      const [first] = (await this.dataSource.query(
        `SELECT fingerprint, response FROM idempotency_records WHERE user_id = $1 AND operation = $2 AND key = $3`,
        [userId, operation, key],
      )) as { fingerprint: string; response: T | null }[];
      if (!first) continue; // given back meanwhile: claim it
      if (first.fingerprint !== fingerprint) throw new ValidationFailed({ 'Idempotency-Key': ['was used with a different request'] });
      if (first.response !== null) return first.response;
      if (Date.now() > deadline) throw new Conflict('A request with this Idempotency-Key is still in progress');
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
    const mine = [userId, operation, key, claimedAt];
    const ours = `user_id = $1 AND operation = $2 AND key = $3 AND created_at = $4::timestamptz`;
    let result: T;
    try {
      result = await work(key);
    } catch (error) {
      await this.dataSource.query(`DELETE FROM idempotency_records WHERE ${ours} AND response IS NULL`, mine);
      throw error;
    }
    await this.dataSource.query(`UPDATE idempotency_records SET response = $5 WHERE ${ours}`, [...mine, JSON.stringify(result)]);
    return result;
  }
}
