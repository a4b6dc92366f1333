import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { DomainEvents, RecordedEvent } from '@sf/events';
import { AuthEvents, AuthEventType } from './auth-events';

/** Typed access to the outbox for auth's events: the event type fixes the data's shape. */
@Injectable()
export class AuthEventLog {
  constructor(private readonly events: DomainEvents) {}

  /** In the caller's transaction; `subject` of the CloudEvent is the user id. */
  record<K extends AuthEventType>(manager: EntityManager, type: K, userId: string, data: AuthEvents[K]): Promise<RecordedEvent> {
    return this.events.record(manager, type, userId, data);
  }

  /** After commit, for events a reply must not overtake (revocations). */
  publishNow(...events: (RecordedEvent | null | undefined)[]): Promise<void> {
    return this.events.publishNow(events);
  }
}
