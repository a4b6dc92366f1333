import { EntityManager } from 'typeorm';

/** `YYYYMMDD` of a moment, in UTC like every time the API shows. */
export function dayOf(date: Date): { day: string; compact: string } {
  const day = date.toISOString().slice(0, 10);
  return { day, compact: day.replace(/-/g, '') };
}

/**
 * The next number of a kind of document for today: `YYYYMMDD-XXXX` (XXXX from 0001, wider past
 * 9999). One upsert on the day's counter row: concurrent callers queue on that row, so no two
 * get the same number, and a rolled-back transaction gives its number back.
 */
export async function nextDocumentNumber(manager: EntityManager, kind: 'invoice' | 'order', now = new Date()): Promise<string> {
  const { day, compact } = dayOf(now);
  const [row] = (await manager.query(
    `INSERT INTO document_counters (kind, day, last) VALUES ($1, $2, 1)
     ON CONFLICT (kind, day) DO UPDATE SET last = document_counters.last + 1
     RETURNING last`,
    [kind, day],
  )) as { last: number }[];
  return `${compact}-${String(row.last).padStart(4, '0')}`;
}
