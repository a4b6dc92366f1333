import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { PaymentEventMap } from '@sf/contracts';
import { DomainEvents, RecordedEvent } from '@sf/events';

/** Typed access to the outbox for payment's events: the event type fixes the data's shape. */
@Injectable()
export class PaymentEventLog {
  constructor(private readonly events: DomainEvents) {}

  /** In the caller's transaction; the CloudEvent's `subject` is the user id. */
  record<K extends keyof PaymentEventMap>(
    manager: EntityManager,
    type: K,
    userId: string,
    data: PaymentEventMap[K],
  ): Promise<RecordedEvent> {
    return this.events.record(manager, type, userId, data);
  }
}
