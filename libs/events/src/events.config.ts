import { EnvReader } from '@sf/config';

/** The event stream's settings; retention and limits from config, never below what consumers rely on. */
export interface EventsConfig {
  /** Prepended to subjects and stream names so fleets sharing a NATS server stay apart (tests). */
  subjectPrefix: string;
  duplicateWindowSeconds: number;
  maxAgeHours: number;
  maxBytes: number;
  outboxRetentionDays: number;
}

export function readEventsConfig(reader: EnvReader, subjectPrefix: string): EventsConfig {
  return {
    subjectPrefix,
    duplicateWindowSeconds: reader.int('EVENTS_DUPLICATE_WINDOW_SECONDS', 300, { min: 120 }),
    // Gateways replay the last hour of revocations at start: keep at least two.
    maxAgeHours: reader.int('EVENTS_MAX_AGE_HOURS', 168, { min: 2 }),
    maxBytes: reader.int('EVENTS_MAX_BYTES', 1024 ** 3, { min: -1 }),
    outboxRetentionDays: reader.int('EVENTS_OUTBOX_RETENTION_DAYS', 7, { min: 1 }),
  };
}

function streamSuffix(prefix: string): string {
  const clean = prefix.replace(/[^A-Za-z0-9]/g, '');
  return clean ? `_${clean}` : '';
}

export function eventsStreamName(config: Pick<EventsConfig, 'subjectPrefix'>): string {
  return `EVENTS${streamSuffix(config.subjectPrefix)}`;
}

export function deadLetterStreamName(config: Pick<EventsConfig, 'subjectPrefix'>): string {
  return `DEADLETTER${streamSuffix(config.subjectPrefix)}`;
}
