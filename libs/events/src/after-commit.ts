import type { DataSource, EntityManager, EntitySubscriberInterface, QueryRunner } from 'typeorm';

/** Callbacks waiting for a transaction's outcome, by the query runner the transaction is on. */
const waiting = new WeakMap<QueryRunner, Set<() => void>>();
const watched = new WeakSet<DataSource>();

function settle(runner: QueryRunner | undefined, committed: boolean): void {
  // A savepoint released or rolled back: the outer transaction decides.
  if (!runner || runner.isTransactionActive) return;
  const callbacks = waiting.get(runner);
  if (!callbacks) return;
  waiting.delete(runner);
  if (!committed) return;
  for (const callback of callbacks) {
    try {
      callback();
    } catch {
      // The transaction has committed; what runs after it must not make it look failed.
    }
  }
}

/**
 * Runs `callback` in this process once the transaction `manager` belongs to has committed (at
 * once when it is in none), never when it rolls back. TypeORM announces every query runner's
 * commit and rollback to the data source's subscribers; one subscriber per data source settles
 * the callbacks of the runner whose outermost transaction ended.
 */
export function afterCommit(manager: EntityManager, callback: () => void): void {
  const runner = manager.queryRunner;
  if (!runner?.isTransactionActive) return callback();
  const dataSource = manager.dataSource;
  if (!watched.has(dataSource)) {
    watched.add(dataSource);
    const subscriber: EntitySubscriberInterface = {
      afterTransactionCommit: (event) => settle(event.queryRunner, true),
      afterTransactionRollback: (event) => settle(event.queryRunner, false),
    };
    dataSource.subscribers.push(subscriber);
  }
  const callbacks = waiting.get(runner) ?? new Set<() => void>();
  callbacks.add(callback);
  waiting.set(runner, callbacks);
}
