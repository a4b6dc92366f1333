import { LRUCache } from 'lru-cache';
import type { QueryRunner } from 'typeorm';

export interface AnswerCacheOptions {
  /** How many answers a replica keeps (least recently used go first); 0 keeps none. */
  entries: number;
  /** How long an answer is kept at most, for what the generation leaves out (e.g. view counts). */
  ttlMs: number;
}

interface Entry<V> {
  generation: string;
  view: V;
}

/**
 * Answers to repeated reads, per replica, each kept with the value of a generation counter read
 * before it was computed (`generationCounterSql`): an answer is reused only while the counter has
 * not moved, and every committed write to what the read shows moves it, whichever replica or
 * process wrote. So an answer never predates a committed write; bounded in entries and age.
 */
export class AnswerCache<V extends object> {
  private readonly entries: LRUCache<string, Entry<V>> | null;

  constructor(options: AnswerCacheOptions) {
    this.entries = options.entries > 0 ? new LRUCache<string, Entry<V>>({ max: options.entries, ttl: options.ttlMs }) : null;
  }

  get enabled(): boolean {
    return this.entries !== null;
  }

  /**
   * The answer to `query` kept under `generation`, else `compute()`'s, kept for the next caller.
   * `generation` must have been read before `compute()` reads anything: the rows it then reads
   * are at least as new.
   */
  async answer(query: object, generation: string, compute: () => Promise<V>): Promise<V> {
    if (!this.entries) return compute();
    const key = keyOf(query);
    const kept = this.entries.get(key);
    if (kept?.generation === generation) return kept.view;
    const view = await compute();
    this.entries.set(key, { generation, view });
    return view;
  }
}

/** The query's fields in a fixed order (two spellings of one query share an entry). */
function keyOf(query: object): string {
  const record = query as Record<string, unknown>;
  return JSON.stringify(
    Object.keys(record)
      .filter((name) => record[name] !== undefined)
      .sort()
      .map((name) => [name, record[name]]),
  );
}

/**
 * A migration's statements for a generation counter: a one-row table `counter` that every
 * statement writing `table` (insert, delete, truncate, or an update of one of `columns`) moves in
 * its own transaction. A row, not a sequence: a sequence moves before the writer commits, and a
 * read in between would keep the old rows under the new value.
 */
export async function createGenerationCounter(
  runner: QueryRunner,
  counter: { name: string; table: string; columns: readonly string[] },
): Promise<void> {
  const { name, table, columns } = counter;
  await runner.query(`CREATE TABLE "${name}" ("id" boolean PRIMARY KEY DEFAULT true CHECK (id), "value" bigint NOT NULL DEFAULT 0)`);
  await runner.query(`INSERT INTO "${name}" DEFAULT VALUES`);
  await runner.query(`CREATE FUNCTION "${name}_bump"() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
      BEGIN
        UPDATE "${name}" SET value = value + 1;
        RETURN NULL;
      END $$`);
  await runner.query(
    `CREATE TRIGGER "${name}_write_trigger" AFTER INSERT OR DELETE OR UPDATE OF ${columns.map((c) => `"${c}"`).join(', ')}
       ON "${table}" FOR EACH STATEMENT EXECUTE FUNCTION "${name}_bump"()`,
  );
  await runner.query(
    `CREATE TRIGGER "${name}_truncate_trigger" AFTER TRUNCATE ON "${table}" FOR EACH STATEMENT EXECUTE FUNCTION "${name}_bump"()`,
  );
}

/** Undoes `createGenerationCounter`. */
export async function dropGenerationCounter(runner: QueryRunner, counter: { name: string; table: string }): Promise<void> {
  await runner.query(`DROP TRIGGER "${counter.name}_truncate_trigger" ON "${counter.table}"`);
  await runner.query(`DROP TRIGGER "${counter.name}_write_trigger" ON "${counter.table}"`);
  await runner.query(`DROP FUNCTION "${counter.name}_bump"()`);
  await runner.query(`DROP TABLE "${counter.name}"`);
}
