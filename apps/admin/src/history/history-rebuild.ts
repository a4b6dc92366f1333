import { jetstream } from '@nats-io/jetstream';
import { NatsConnection } from '@nats-io/transport-node';
import { DataSource } from 'typeorm';
import { ADMIN_HISTORY_FEEDS, CloudEvent } from '@sf/contracts';
import { eventsStreamName } from '@sf/events/streams';
import { applyToHistory } from './history.consumer';

export interface RebuildOutcome {
  /** Events read from the stream. */
  read: number;
  /** Of those, the ones the history did not hold. */
  added: number;
  /** Set when nothing was done, saying why. */
  skipped?: string;
}

const BATCH = 500;

/**
 * Fills an empty event history from the JetStream stream (as far back as the stream keeps
 * events), and the projections beside it. Idempotent: an event already held adds nothing, so a
 * rebuild interrupted half way can run again (`force`), and the live consumers can run meanwhile.
 */
export async function rebuildHistory(
  dataSource: DataSource,
  nats: NatsConnection,
  options: { subjectPrefix: string; force?: boolean; log?: (line: string) => void },
): Promise<RebuildOutcome> {
  const log = options.log ?? (() => undefined);
  const [{ count }] = (await dataSource.query(`SELECT count(*)::int AS count FROM (SELECT 1 FROM event_history LIMIT 1) h`)) as {
    count: number;
  }[];
  if (count > 0 && !options.force) return { read: 0, added: 0, skipped: 'the history is not empty (use --force to fill gaps)' };
  const stream = eventsStreamName({ subjectPrefix: options.subjectPrefix });
  let read = 0;
  let added = 0;
  // One ordered consumer per feed: servers before NATS 2.10 take a single filter subject.
  for (const feed of ADMIN_HISTORY_FEEDS) {
    const consumer = await jetstream(nats).consumers.get(stream, { filter_subjects: options.subjectPrefix + feed.reads.subject });
    let pending = (await consumer.info(true)).num_pending;
    try {
      while (pending > 0) {
        const batch = await consumer.fetch({ max_messages: Math.min(pending, BATCH), expires: 5000 });
        let got = 0;
        for await (const msg of batch) {
          got += 1;
          read += 1;
          pending = msg.info.pending;
          if (await keep(dataSource, msg.string())) added += 1;
          if (pending === 0) break;
        }
        if (got === 0) break;
        log(`${feed.name}: read ${read}, added ${added}, ${pending} to go`);
      }
    } finally {
      await consumer.delete().catch(() => undefined);
    }
  }
  return { read, added };
}

/** Applies one stored message to the history unless it holds it already; answers whether it was added. */
async function keep(dataSource: DataSource, text: string): Promise<boolean> {
  let event: CloudEvent;
  try {
    event = JSON.parse(text) as CloudEvent;
  } catch {
    return false; // not a CloudEvent: the live consumers dead-letter it; nothing to keep
  }
  const at = new Date(event.time);
  if (typeof event.id !== 'string' || Number.isNaN(at.getTime())) return false;
  const held = (await dataSource.query(`SELECT 1 FROM event_history WHERE id = $1 AND time = $2`, [event.id, at])) as unknown[];
  if (held.length > 0) return false;
  return dataSource.transaction((manager) => applyToHistory(manager, event));
}
