// The replay check: an event delivered twice under one CloudEvent id must be applied once. Each
// reader records it once in its inbox, and the second copy leaves every table of the readers'
// schemas as the first left them. Run against the fleet's consumers
// (test/e2e/reliability/replays.e2e-spec.ts) and against a fixture consumer without an inbox
// (test/e2e/reliability/planted-bugs.e2e-spec.ts), which it must report.
import { Client } from 'pg';
import { eventually } from '@sf/testing';

/** A reader of events: its durable name and the schema its service keeps its inbox and effects in. */
export interface Reader {
  name: string;
  schema: string;
}

/** A digest of one schema's tables (the inbox aside; the outbox by its size, its rows get marked published). */
export async function digest(db: Client, schema: string): Promise<Record<string, string>> {
  const tables = (
    await db.query(`SELECT table_name FROM information_schema.tables WHERE table_schema = $1 AND table_type = 'BASE TABLE' ORDER BY 1`, [
      schema,
    ])
  ).rows.map((r: { table_name: string }) => r.table_name);
  const out: Record<string, string> = {};
  for (const table of tables) {
    if (table === 'inbox' || table === 'migrations') continue;
    const name = `"${schema}"."${table}"`;
    const sql =
      table === 'outbox'
        ? `SELECT count(*)::text AS d FROM ${name}`
        : `SELECT count(*)::text || ':' || coalesce(md5(string_agg(t::text, ',' ORDER BY t::text)), '') AS d FROM ${name} t`;
    out[table] = (await db.query(sql)).rows[0].d;
  }
  return out;
}

/** How many times `reader` recorded `eventId` (0 when it keeps no inbox at all). */
export async function inboxRows(db: Client, reader: Reader, eventId: string): Promise<number> {
  try {
    const rows = await db.query(`SELECT count(*)::int AS n FROM "${reader.schema}".inbox WHERE consumer = $1 AND event_id = $2`, [
      reader.name,
      eventId,
    ]);
    return rows.rows[0].n;
  } catch {
    return 0;
  }
}

/** One client, one query at a time. */
async function digestAll(db: Client, schemas: string[]): Promise<string> {
  const out: Record<string, string>[] = [];
  for (const schema of schemas) out.push(await digest(db, schema));
  return JSON.stringify(out);
}

/** Digests until two in a row agree: nothing is left in flight. */
async function settled(db: Client, schemas: string[]): Promise<string> {
  return eventually(async () => {
    const first = await digestAll(db, schemas);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const second = await digestAll(db, schemas);
    if (first !== second) throw new Error('still changing');
    return second;
  }, 20_000);
}

export interface ReplayOptions {
  db: Client;
  /** Everyone who reads the event's subject. */
  readers: Reader[];
  /** The event (its id is the one both copies carry). */
  event: { id: string; type: string };
  /** Publishes the event's bytes once (as a new message: no broker-side deduplication). */
  publish(data: string): Promise<void>;
  /** Resolves when every reader has handled everything published so far. */
  drained(): Promise<void>;
}

/** Publishes the event twice; answers what went wrong (nothing: an empty list). */
export async function checkReplay(options: ReplayOptions): Promise<string[]> {
  const { db, readers, event } = options;
  const failures: string[] = [];
  const schemas = [...new Set(readers.map((r) => r.schema))];
  const data = JSON.stringify(event);
  await options.publish(data);
  await options.drained();
  // Handled means committed: the inbox row is there now, or never.
  for (const reader of readers) {
    const rows = await inboxRows(db, reader, event.id);
    if (rows !== 1) failures.push(`${reader.name}: ${event.type} ${event.id} is in its inbox ${rows} times after one delivery`);
  }
  const once = await settled(db, schemas);
  await options.publish(data);
  await options.drained();
  const twice = await settled(db, schemas);
  for (const reader of readers) {
    const rows = await inboxRows(db, reader, event.id);
    if (rows > 1) failures.push(`${reader.name}: ${event.type} ${event.id} is in its inbox ${rows} times after two deliveries`);
  }
  if (twice !== once)
    failures.push(`${readers.map((r) => r.name).join(', ')}: ${event.type} delivered again changed ${schemas.join(', ')}`);
  return failures;
}
