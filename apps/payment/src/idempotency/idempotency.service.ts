import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { CallerContext } from '@sf/contracts';
import { returnedRows } from '@sf/database';
import { Conflict, ValidationFailed } from '@sf/errors';

/**
 * `Idempotency-Key` on requests that create payments or orders: the first answer is stored with
 * the change, in one transaction, and a repeat (even a concurrent one, which waits on the key's
 * row) gets that answer back. The same key with a different request is refused.
 */
@Injectable()
export class IdempotencyService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async once<T>(
    ctx: CallerContext,
    operation: string,
    request: unknown,
    work: (manager: EntityManager, key: string | null) => Promise<T>,
  ): Promise<T> {
    const key = ctx.idempotency_key;
    if (!key || !ctx.user_id) return this.dataSource.transaction((manager) => work(manager, null));
    const fingerprint = createHash('sha256')
      .update(JSON.stringify(request ?? null))
      .digest('hex');
    return this.dataSource.transaction(async (manager) => {
      const claimed = returnedRows(
        await manager.query(
          `INSERT INTO idempotency_records (user_id, operation, key, fingerprint) VALUES ($1, $2, $3, $4)
           ON CONFLICT DO NOTHING RETURNING key`,
          [ctx.user_id, operation, key, fingerprint],
        ),
      );
      if (claimed.length === 0) {
        const [first] = (await manager.query(
          `SELECT fingerprint, response FROM idempotency_records WHERE user_id = $1 AND operation = $2 AND key = $3`,
          [ctx.user_id, operation, key],
        )) as { fingerprint: string; response: T | null }[];
        if (!first || first.response === null) throw new Conflict('A request with this Idempotency-Key is still in progress');
        if (first.fingerprint !== fingerprint) throw new ValidationFailed({ 'Idempotency-Key': ['was used with a different request'] });
        return first.response;
      }
      const result = await work(manager, key);
      await manager.query(`UPDATE idempotency_records SET response = $4 WHERE user_id = $1 AND operation = $2 AND key = $3`, [
        ctx.user_id,
        operation,
        key,
        JSON.stringify(result),
      ]);
      return result;
    });
  }
}
