import { EntityManager } from 'typeorm';
import type { CloudEvent } from '@sf/contracts';
import { afterCommit } from '@sf/events';

/** Data larger than this (as JSON) keeps only its scalar fields: the history holds facts, not documents. */
const MAX_DATA_CHARS = 4000;
/** Never kept: links, tokens and secrets some events carry for their one consumer (a reset link). */
const SECRET_KEYS = /token|secret|password|link|url|code/i;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The small, secret-free part of an event's data that the history keeps. */
export function historyData(data: unknown): Record<string, unknown> {
  if (!data || typeof data !== 'object' || Array.isArray(data)) return {};
  const kept = Object.fromEntries(Object.entries(data).filter(([k]) => !SECRET_KEYS.test(k)));
  if (JSON.stringify(kept).length <= MAX_DATA_CHARS) return kept;
  const scalars = Object.fromEntries(
    Object.entries(kept).filter(([, v]) => v === null || (['string', 'number', 'boolean'].includes(typeof v) && String(v).length <= 200)),
  );
  return { ...scalars, truncated: true };
}

/** Fields naming the account behind an event, in order of preference (the products name it their own way). */
const ACCOUNT_FIELDS = ['user_id', 'author_id', 'guest_id', 'owner_id'];

/** The account an event is about: the first of ACCOUNT_FIELDS in its data, else a subject that is a user id (auth's events). */
export function subjectUser(event: Pick<CloudEvent, 'source' | 'subject' | 'data'>): string | null {
  const data = (event.data ?? {}) as Record<string, unknown>;
  for (const field of ACCOUNT_FIELDS) {
    const value = data[field];
    if (typeof value === 'string' && UUID.test(value)) return value;
  }
  if (event.source === 'auth' || event.source.endsWith('/auth')) return UUID.test(event.subject ?? '') ? event.subject : null;
  return null;
}

/** The service that published an event, from its `source` (`auth`, `/softfactory/auth`, ...). */
export function sourceOf(event: Pick<CloudEvent, 'source'>): string {
  return (event.source ?? '').split('/').filter(Boolean).pop() ?? 'unknown';
}

/** Months whose partition this process has seen committed (bounded: a rebuild may span years). */
const partitionedMonths = new Set<string>();
const MAX_REMEMBERED_MONTHS = 240;
/** Postgres's `no partition of relation ... found for row`. */
const NO_PARTITION = '23514';

/**
 * Makes the month's partition if it is missing: once per month and process, not before every
 * event (a statement per event otherwise). Remembered only once committed, since a partition made
 * in a transaction that rolls back is gone again.
 */
async function ensurePartition(manager: EntityManager, at: Date): Promise<string> {
  const month = at.toISOString().slice(0, 7);
  if (partitionedMonths.has(month)) return month;
  await manager.query(`SELECT event_history_partition($1)`, [at]);
  afterCommit(manager, () => {
    if (partitionedMonths.size >= MAX_REMEMBERED_MONTHS) partitionedMonths.clear();
    partitionedMonths.add(month);
  });
  return month;
}

/**
 * Appends one event to the history, once: an event id always comes with the same time, so the
 * key (id, time) makes a second delivery or a rebuild over existing rows add nothing. Answers
 * whether the row is new.
 */
export async function appendToHistory(manager: EntityManager, event: CloudEvent): Promise<boolean> {
  // A GDPR request's answers are bookkeeping of the erasure itself, not activity: kept, they would
  // name the erased account again (the GDPR requests keep that record, ADR 0016).
  if (event.type.startsWith('gdpr.')) return false;
  const at = new Date(event.time);
  if (Number.isNaN(at.getTime())) throw new Error(`event ${event.id} has no valid time`);
  const month = await ensurePartition(manager, at);
  try {
    const inserted = (await manager.query(
      `INSERT INTO event_history (id, type, source, subject_user, time, data) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT DO NOTHING RETURNING id`,
      [event.id, event.type, sourceOf(event), subjectUser(event), at, JSON.stringify(historyData(event.data))],
    )) as unknown[];
    return inserted.length > 0;
  } catch (error) {
    // The partition is gone after all (dropped by hand): the retry makes it again.
    if ((error as { code?: string }).code === NO_PARTITION) partitionedMonths.delete(month);
    throw error;
  }
}
