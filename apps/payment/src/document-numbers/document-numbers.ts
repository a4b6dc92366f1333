import { EntityManager } from 'typeorm';

/** `YYYYMMDD` of a moment, in UTC like every time the API shows. */
export function dayOf(date: Date): { day: string; compact: string } {
  const day = date.toISOString().slice(0, 10);
  return { day, compact: day.replace(/-/g, '') };
}

/**
 * The next invoice number for today: `YYYYMMDD-XXXX` (XXXX from 0001, wider past 9999). One
 * upsert on the day's counter row: concurrent callers queue on that row, so no two get the same
 * number, and a rolled-back transaction gives its number back. Invoices must be numbered without
 * gaps; the price is that invoice writes of a day take turns from this upsert to their commit.
 */
export async function nextInvoiceNumber(manager: EntityManager, now = new Date()): Promise<string> {
  const { day, compact } = dayOf(now);
  const [row] = (await manager.query(
    `INSERT INTO document_counters (kind, day, last) VALUES ('invoice', $1, 1)
     ON CONFLICT (kind, day) DO UPDATE SET last = document_counters.last + 1
     RETURNING last`,
    [day],
  )) as { last: number }[];
  return `${compact}-${String(row.last).padStart(4, '0')}`;
}

/**
 * The next order number: `ORD-YYYYMMDD-XXXX`, the UTC day and then a number from the
 * `order_numbers` sequence (XXXX from 0001, wider past 9999). Numbers are unique and increase,
 * but they do not restart each day and a rolled-back order leaves a gap: a sequence takes no
 * lock, so concurrent orders never wait for each other (ADR 0008).
 */
export async function nextOrderNumber(manager: EntityManager, now = new Date()): Promise<string> {
  const [row] = (await manager.query(`SELECT nextval('order_numbers') AS n`)) as { n: string }[];
  return `ORD-${dayOf(now).compact}-${row.n.padStart(4, '0')}`;
}
