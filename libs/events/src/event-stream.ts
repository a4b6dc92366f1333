import { DiscardPolicy, jetstreamManager, RetentionPolicy, StorageType, StreamConfig } from '@nats-io/jetstream';
import { connect, nanos, NatsConnection } from '@nats-io/transport-node';
import { deadLetterStreamName, EventsConfig, eventsStreamName } from './events.config';

async function upsert(nc: NatsConnection, config: Partial<StreamConfig> & { name: string }): Promise<void> {
  const jsm = await jetstreamManager(nc);
  try {
    await jsm.streams.info(config.name);
    await jsm.streams.update(config.name, config);
  } catch (error) {
    if (!/not found/i.test(String(error))) throw error;
    await jsm.streams.add(config).catch(async (addError: unknown) => {
      // Another process created it first.
      if (!/already in use|exists/i.test(String(addError))) throw addError;
      await jsm.streams.update(config.name, config);
    });
  }
}

/**
 * Creates or updates `EVENTS` (every domain event, `events.>`, on disk, de-duplicated by
 * `Nats-Msg-Id` within the window) and `DEADLETTER` (events a consumer gave up on).
 */
export async function ensureEventStreams(nc: NatsConnection, config: EventsConfig): Promise<void> {
  const p = config.subjectPrefix;
  await upsert(nc, {
    name: eventsStreamName(config),
    subjects: [`${p}events.>`],
    storage: StorageType.File,
    retention: RetentionPolicy.Limits,
    discard: DiscardPolicy.Old,
    duplicate_window: nanos(config.duplicateWindowSeconds * 1000),
    max_age: nanos(config.maxAgeHours * 3_600_000),
    max_bytes: config.maxBytes,
  });
  await upsert(nc, {
    name: deadLetterStreamName(config),
    subjects: [`${p}deadletter.>`],
    storage: StorageType.File,
    retention: RetentionPolicy.Limits,
    max_age: nanos(30 * 24 * 3_600_000),
    duplicate_window: nanos(config.duplicateWindowSeconds * 1000),
  });
}

/** Deletes the streams of one subject prefix: for throw-away fleets (tests, benches) when they end. */
export async function deleteEventStreams(nats: NatsConnection, config: Pick<EventsConfig, 'subjectPrefix'>): Promise<void> {
  const jsm = await jetstreamManager(nats);
  for (const stream of [eventsStreamName(config), deadLetterStreamName(config)]) await jsm.streams.delete(stream).catch(() => undefined);
}

/** Connects to `natsUrl` just long enough to delete one prefix's streams; never throws. */
export async function dropEventStreams(natsUrl: string, subjectPrefix: string): Promise<void> {
  try {
    const nats = await connect({ servers: natsUrl.split(','), name: 'drop-event-streams' });
    try {
      await deleteEventStreams(nats, { subjectPrefix });
    } finally {
      await nats.close();
    }
  } catch {
    /* NATS away: nothing to clean */
  }
}
