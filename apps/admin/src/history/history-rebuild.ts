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
  const subjects = ADMIN_HISTORY_FEEDS.map((f) => options.subjectPrefix + f.reads.subject);
  const consumer = await jetstream(nats).consumers.get(stream, { filter_subjects: subjects });
  let pending = (await consumer.info(true)).num_pending;
  let read = 0;
  let added = 0;
  try {
    while (pending > 0) {
      const batch = await consumer.fetch({ max_messages: Math.min(pending, BATCH), expires: 5000 });
      let got = 0;
      for await (const msg of batch) {
        got += 1;
        read += 1;
        pending = msg.info.pending;
        let event: CloudEvent;
        try {
          event = msg.json<CloudEvent>();
        } catch {
          continue; // not a CloudEvent: the live consumers dead-letter it; nothing to keep
        }
        const at = new Date(event.time);
        if (typeof event.id !== 'string' || Number.isNaN(at.getTime())) continue;
        const held = (await dataSource.query(`SELECT 1 FROM event_history WHERE id = $1 AND time = $2`, [event.id, at])) as unknown[];
        if (held.length === 0) {
          await dataSource.transaction((manager) => applyToHistory(manager, event));
          added += 1;
        }
        if (pending === 0) break;
      }
      if (got === 0) break;
      log(`read ${read}, added ${added}, ${pending} to go`);
    }
  } finally {
    await consumer.delete().catch(() => undefined);
  }
  return { read, added };
}
