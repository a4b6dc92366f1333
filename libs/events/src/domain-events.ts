import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { context as otelContext, propagation } from '@opentelemetry/api';
import { currentLogContext, formatTraceparent, newSpanId } from '@sf/observability';
import { EntityManager } from 'typeorm';
import { afterCommit } from './after-commit';
import { OutboxRelay } from './outbox-relay';

/** The trace context an event is recorded in: the active span's, else the request's ids, else none. */
function currentTraceparent(): string | null {
  const carrier: Record<string, string> = {};
  propagation.inject(otelContext.active(), carrier);
  if (carrier.traceparent) return carrier.traceparent;
  const log = currentLogContext();
  return log?.trace_id ? formatTraceparent(log.trace_id, log.span_id ?? newSpanId()) : null;
}

/** An event recorded in a transaction: its id, to publish it right after commit if needed. */
export interface RecordedEvent {
  id: string;
  type: string;
}

/** The one API a use case needs: record an event with its change, in the same transaction. */
export class DomainEvents {
  constructor(private readonly relay: OutboxRelay) {}

  /**
   * Writes the event to the outbox inside `manager`'s transaction. If the transaction rolls back,
   * the event never existed; if it commits, this process's relay is woken to publish it.
   */
  async record<T>(manager: EntityManager, type: string, subject: string, data: T): Promise<RecordedEvent> {
    const id = randomUUID();
    // A plain INSERT: every write of every service makes one, and entity persistence would cost
    // more than the statement. The connection's search_path is the service's schema.
    await manager.query(`INSERT INTO outbox (id, type, subject, data, traceparent) VALUES ($1, $2, $3, $4, $5)`, [
      id,
      type,
      subject,
      JSON.stringify(data),
      currentTraceparent(),
    ]);
    afterCommit(manager, () => this.relay.nudge());
    return { id, type };
  }

  /** After commit: returns once the events are on the stream, for replies that must not overtake them. */
  publishNow(events: (RecordedEvent | null | undefined)[]): Promise<void> {
    return this.relay.publishNow(events.filter((e): e is RecordedEvent => !!e).map((e) => e.id));
  }
}

/**
 * A service's typed access to its outbox: the service's event map fixes each type's data, so a
 * renamed field breaks the build, not a consumer. Each service names its own:
 * `@Injectable() export class PaymentEventLog extends TypedEventLog<PaymentEventMap> {}`.
 */
@Injectable()
export class TypedEventLog<M> {
  constructor(private readonly events: DomainEvents) {}

  /** In the caller's transaction; `subject` is the CloudEvent's subject (the id it is about). */
  record<K extends keyof M & string>(manager: EntityManager, type: K, subject: string, data: M[K]): Promise<RecordedEvent> {
    return this.events.record(manager, type, subject, data);
  }

  /** After commit, for events a reply must not overtake (revocations). */
  publishNow(...events: (RecordedEvent | null | undefined)[]): Promise<void> {
    return this.events.publishNow(events);
  }
}
