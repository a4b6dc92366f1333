import { randomUUID } from 'node:crypto';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import { ServiceTestDatabase } from '@sf/testing';
import { IDEMPOTENCY_ENTITIES } from './idempotency-record.entity';
import { deleteExpiredIdempotencyRecords, inTransaction, runIdempotent } from './idempotency';

@Entity({ name: 'notes' })
class Note {
  @PrimaryColumn({ type: 'uuid' }) id: string;
  @Column({ type: 'varchar', length: 100 }) text: string;
}

/** A service that writes every way services do: repositories, raw queries and its own transactions. */
describe('runIdempotent: the effect and the stored answer commit together', () => {
  let db: ServiceTestDatabase;

  beforeAll(async () => {
    db = await ServiceTestDatabase.create({ name: 'idemtest', entities: [...IDEMPOTENCY_ENTITIES, Note], migrations: [] }, 8);
    await db.dataSource.synchronize();
  });
  afterAll(() => db?.close());

  const caller = () => ({ user_id: randomUUID(), idempotency_key: randomUUID() });
  const notes = async (text: string) =>
    ((await db.dataSource.query(`SELECT count(*)::int AS n FROM notes WHERE text = $1`, [text])) as { n: number }[])[0].n;
  /** Writes one note each way a handler might. */
  const writeEveryWay = async (text: string) => {
    await db.dataSource.getRepository(Note).save({ id: randomUUID(), text });
    // A query builder of a repository first made inside a request (cached: later requests use it too).
    await db.dataSource.getRepository(Note).createQueryBuilder('n').where('n.text = :text', { text }).getCount();
    await db.dataSource.query(`INSERT INTO notes (id, text) VALUES ($1, $2)`, [randomUUID(), text]);
    await inTransaction(db.dataSource, (manager) => manager.getRepository(Note).save({ id: randomUUID(), text }));
    await db.dataSource.transaction((manager) => manager.getRepository(Note).save({ id: randomUUID(), text }));
  };

  it('rolls every write back with the key when the work fails, so the request can be made again', async () => {
    const who = caller();
    const text = `fails-${randomUUID()}`.slice(0, 40);
    await expect(
      runIdempotent(db.dataSource, who, 'note.create', { text }, async () => {
        await writeEveryWay(text);
        throw new Error('refused');
      }),
    ).rejects.toThrow('refused');
    expect(await notes(text)).toBe(0);
    expect(await runIdempotent(db.dataSource, who, 'note.create', { text }, async () => ({ ok: true }))).toEqual({ ok: true });
  });

  it('runs the work once: a repeat gets the stored answer, another request under the key is a 422', async () => {
    const who = caller();
    const text = `once-${randomUUID()}`.slice(0, 40);
    let runs = 0;
    const work = async () => {
      runs += 1;
      await writeEveryWay(text);
      return { run: runs };
    };
    expect(await runIdempotent(db.dataSource, who, 'note.create', { text }, work)).toEqual({ run: 1 });
    expect(await runIdempotent(db.dataSource, who, 'note.create', { text }, work)).toEqual({ run: 1 });
    await expect(runIdempotent(db.dataSource, who, 'note.create', { text: 'other' }, work)).rejects.toMatchObject({
      code: 'VALIDATION_ERROR',
    });
    expect([runs, await notes(text)]).toEqual([1, 4]);
  });

  it('makes a concurrent repeat wait for the first answer', async () => {
    const who = caller();
    let runs = 0;
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const first = runIdempotent(db.dataSource, who, 'note.create', {}, async () => {
      runs += 1;
      await gate;
      return { run: runs };
    });
    while (runs === 0) await new Promise((resolve) => setTimeout(resolve, 10));
    const repeats = Array.from({ length: 4 }, () => runIdempotent(db.dataSource, who, 'note.create', {}, async () => ({ run: ++runs })));
    release();
    expect(await Promise.all([first, ...repeats])).toEqual(Array(5).fill({ run: 1 }));
  });

  it('treats a key older than 24 hours as new (even with another request), and the sweep deletes it', async () => {
    const who = caller();
    let runs = 0;
    await runIdempotent(db.dataSource, who, 'note.create', { a: 1 }, async () => ({ run: ++runs }));
    const age = () =>
      db.dataSource.query(`UPDATE idempotency_records SET created_at = now() - interval '25 hours' WHERE key = $1`, [who.idempotency_key]);
    await age();
    expect(await runIdempotent(db.dataSource, who, 'note.create', { a: 2 }, async () => ({ run: ++runs }))).toEqual({ run: 2 });
    expect(await runIdempotent(db.dataSource, who, 'note.create', { a: 2 }, async () => ({ run: ++runs }))).toEqual({ run: 2 });
    await age();
    expect(await deleteExpiredIdempotencyRecords(db.dataSource)).toBeGreaterThanOrEqual(1);
    expect(await db.dataSource.query(`SELECT 1 FROM idempotency_records WHERE key = $1`, [who.idempotency_key])).toEqual([]);
  });

  it('changes nothing without a key: every write commits on its own', async () => {
    const text = `plain-${randomUUID()}`.slice(0, 40);
    await expect(
      runIdempotent(db.dataSource, { user_id: randomUUID() }, 'note.create', {}, async () => {
        await writeEveryWay(text);
        throw new Error('refused');
      }),
    ).rejects.toThrow('refused');
    expect(await notes(text)).toBe(4);
  });
});
