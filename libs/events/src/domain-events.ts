import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { OutboxEvent } from './outbox.entity';
import { outboxChannel, OutboxRelay } from './outbox-relay';

/** An event recorded in a transaction: its id, to publish it right after commit if needed. */
export interface RecordedEvent {
  id: string;
  type: string;
}

/** The one API a use case needs: record an event with its change, in the same transaction. */
export class DomainEvents {
  constructor(
    private readonly service: string,
    private readonly relay: OutboxRelay,
  ) {}

  /**
   * Writes the event to the outbox inside `manager`'s transaction. If the transaction rolls back,
   * the event never existed; if it commits, the relay publishes it (woken by NOTIFY at commit).
   */
  async record<T>(manager: EntityManager, type: string, subject: string, data: T): Promise<RecordedEvent> {
    const id = randomUUID();
    await manager.insert(OutboxEvent, { id, type, subject, data: data as object });
    await manager.query('SELECT pg_notify($1, $2)', [outboxChannel(this.service), id]);
    return { id, type };
  }

  /** After commit: returns once the events are on the stream, for replies that must not overtake them. */
  publishNow(events: (RecordedEvent | null | undefined)[]): Promise<void> {
    return this.relay.publishNow(events.filter((e): e is RecordedEvent => !!e).map((e) => e.id));
  }
}
