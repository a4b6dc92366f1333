import { AsyncLocalStorage } from 'node:async_hooks';
import { createHash } from 'node:crypto';
import { DataSource, EntityManager, QueryRunner } from 'typeorm';
import { returnedRows } from '@sf/database';
import { Conflict, ValidationFailed } from '@sf/errors';

/** How long a key holds its first answer, as Stripe keeps its own keys. */
export const IDEMPOTENCY_KEY_TTL_HOURS = 24;
/** How long a repeat waits for the first request under its key to finish, polling at POLL_MS. */
const WAIT_FOR_ANSWER_MS = 30_000;
const POLL_MS = 50;
const SWEEP_INTERVAL_MS = 60 * 60 * 1000;

/** The transaction an idempotent request runs in, joined by every `inTransaction` of its service. */
const ambient = new AsyncLocalStorage<{ dataSource: DataSource; manager: EntityManager }>();

/** The idempotent request's transaction on `dataSource`, while it is open. */
function ambientManager(dataSource: DataSource): EntityManager | undefined {
  const current = ambient.getStore();
  const runner = current?.manager.queryRunner;
  // Work a handler left running after its answer finds the transaction gone: it runs on its own.
  return current && current.dataSource === dataSource && runner && !runner.isReleased && runner.isTransactionActive
    ? current.manager
    : undefined;
}

/**
 * `dataSource.transaction(work)`, except inside an idempotent request, where it joins the
 * request's transaction: the effect commits together with the answer stored for its key.
 */
export function inTransaction<T>(dataSource: DataSource, work: (manager: EntityManager) => Promise<T>): Promise<T> {
  const manager = ambientManager(dataSource);
  return manager ? work(manager) : dataSource.transaction(work);
}

const joined = new WeakSet<DataSource>();

/**
 * Lets the writes a handler makes outside `inTransaction` join an idempotent request's
 * transaction too: repositories and `dataSource.manager` (their query runner is the request's
 * while it runs) and `dataSource.query`. Outside an idempotent request nothing changes. Installed
 * once per data source, by the first idempotent request, with the hourly sweep of expired keys.
 */
export function joinAmbientTransactions(dataSource: DataSource): void {
  if (joined.has(dataSource)) return;
  joined.add(dataSource);
  // Expired keys go once an hour (unref'd: it never keeps a process alive).
  setInterval(() => {
    if (dataSource.isInitialized) void deleteExpiredIdempotencyRecords(dataSource).catch(() => undefined);
  }, SWEEP_INTERVAL_MS).unref();
  Object.defineProperty(dataSource.manager, 'queryRunner', {
    configurable: true,
    get: () => ambientManager(dataSource)?.queryRunner,
    set: () => undefined,
  });
  // A repository captures its manager's query runner when it is first made, and is cached: one
  // first made inside a request must not keep that request's runner after it is released.
  const manager = dataSource.manager;
  const getRepository = manager.getRepository.bind(manager);
  manager.getRepository = ((target: Parameters<EntityManager['getRepository']>[0]) =>
    ambient.exit(() => getRepository(target))) as EntityManager['getRepository'];
  const getTreeRepository = manager.getTreeRepository.bind(manager);
  manager.getTreeRepository = ((target: Parameters<EntityManager['getTreeRepository']>[0]) =>
    ambient.exit(() => getTreeRepository(target))) as EntityManager['getTreeRepository'];
  const query = dataSource.query.bind(dataSource);
  dataSource.query = ((sql: string, parameters?: unknown[], runner?: QueryRunner) =>
    query(sql, parameters, runner ?? ambientManager(dataSource)?.queryRunner)) as DataSource['query'];
}

/** sha256 of what a request asks for: the same key with another request is refused. */
export function requestFingerprint(request: unknown): string {
  return createHash('sha256')
    .update(JSON.stringify(request ?? null))
    .digest('hex');
}

export interface IdempotentCaller {
  user_id: string | null;
  idempotency_key?: string;
}

/**
 * Runs `work` once per caller, operation and `Idempotency-Key` (24 hours): under the key's lock,
 * the work is done and its answer stored in one transaction, which the work's own `inTransaction`
 * calls join. A repeat gets the stored answer; a concurrent repeat waits until the first commits
 * (or rolls back, and then it runs itself); the same key with another request is a 422 naming
 * `Idempotency-Key`. Without a key or a signed-in caller, `work` simply runs.
 */
export async function runIdempotent<T>(
  dataSource: DataSource,
  caller: IdempotentCaller,
  operation: string,
  request: unknown,
  work: () => Promise<T>,
): Promise<T> {
  const key = caller.idempotency_key;
  const userId = caller.user_id;
  if (!key || !userId) return work();
  joinAmbientTransactions(dataSource);
  const fingerprint = requestFingerprint(request);
  const deadline = Date.now() + WAIT_FOR_ANSWER_MS;
  for (;;) {
    const outcome = await dataSource.transaction(async (manager): Promise<{ busy: true } | { busy: false; answer: T }> => {
      // The key's lock, held to the end of this transaction. A concurrent repeat does not wait
      // on it holding a connection (its work may need the pool): it lets go and polls.
      const [lock] = (await manager.query(`SELECT pg_try_advisory_xact_lock(hashtext($1)) AS ok`, [
        `idem:${userId}:${operation}:${key}`,
      ])) as {
        ok: boolean;
      }[];
      if (!lock.ok) return { busy: true };
      const [first] = (await manager.query(
        `SELECT fingerprint, response FROM idempotency_records
          WHERE user_id = $1 AND operation = $2 AND key = $3 AND created_at >= now() - make_interval(hours => $4)`,
        [userId, operation, key, IDEMPOTENCY_KEY_TTL_HOURS],
      )) as { fingerprint: string; response: T }[];
      if (first) {
        if (first.fingerprint !== fingerprint) throw new ValidationFailed({ 'Idempotency-Key': ['was used with a different request'] });
        return { busy: false, answer: first.response };
      }
      const answer = await ambient.run({ dataSource, manager }, work);
      // An expired record is replaced in place, as if it were not there.
      await manager.query(
        `INSERT INTO idempotency_records (user_id, operation, key, fingerprint, response) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (user_id, operation, key) DO UPDATE
           SET fingerprint = EXCLUDED.fingerprint, response = EXCLUDED.response, created_at = now()`,
        [userId, operation, key, fingerprint, JSON.stringify(answer ?? null)],
      );
      return { busy: false, answer };
    });
    if (!outcome.busy) return outcome.answer;
    if (Date.now() > deadline) throw new Conflict('A request with this Idempotency-Key is still in progress');
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

/** Deletes the records of expired keys; answers how many. */
export async function deleteExpiredIdempotencyRecords(dataSource: DataSource): Promise<number> {
  const rows = returnedRows(
    await dataSource.query(`DELETE FROM idempotency_records WHERE created_at < now() - make_interval(hours => $1) RETURNING key`, [
      IDEMPOTENCY_KEY_TTL_HOURS,
    ]),
  );
  return rows.length;
}
