import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { CoocookEventMap } from '@sf/contracts';
import { DomainEvents, RecordedEvent } from '@sf/events';

/** Typed access to the outbox for coocook's events: the event type fixes the data's shape. */
@Injectable()
export class CoocookEvents {
  constructor(private readonly events: DomainEvents) {}

  /** In the caller's transaction; `subject` is the booking, chef or recipe id. */
  record<K extends keyof CoocookEventMap>(
    manager: EntityManager,
    type: K,
    subject: string,
    data: CoocookEventMap[K],
  ): Promise<RecordedEvent> {
    return this.events.record(manager, type, subject, data);
  }
}
