import { Inject, Injectable } from '@nestjs/common';
import { headers, NatsConnection } from '@nats-io/transport-node';
import { randomUUID } from 'node:crypto';
import { NATS_CONNECTION, RpcClient } from '@sf/messaging';

/** The auth service's domain events, as the seeds name them. */
export type AuthEventType =
  | 'user.registered'
  | 'user.updated'
  | 'user.deleted'
  | 'user.role_changed'
  | 'auth.password_reset_requested'
  | 'auth.api_key.revoked'
  | 'auth.session.revoked';

/** CloudEvents 1.0, JSON. */
export interface CloudEvent<T> {
  specversion: '1.0';
  id: string;
  source: string;
  type: string;
  time: string;
  subject: string;
  datacontenttype: 'application/json';
  data: T;
}

/**
 * Publishes auth's domain events on `events.auth.<type>` after the change has committed, with
 * `Nats-Msg-Id` = event id so a stream capturing `events.>` de-duplicates re-publishes.
 */
@Injectable()
export class EventPublisher {
  constructor(
    @Inject(NATS_CONNECTION) private readonly nats: NatsConnection,
    private readonly rpc: RpcClient,
  ) {}

  async publish<T>(type: AuthEventType, subject: string, data: T): Promise<void> {
    const event: CloudEvent<T> = {
      specversion: '1.0',
      id: randomUUID(),
      source: 'softfactory/auth',
      type,
      time: new Date().toISOString(),
      subject,
      datacontenttype: 'application/json',
      data,
    };
    const h = headers();
    h.set('Nats-Msg-Id', event.id);
    this.nats.publish(`${this.rpc.subjectPrefix}events.auth.${type}`, JSON.stringify(event), { headers: h });
    // Flushed before the caller replies, so a gateway hears a revocation before the answer.
    await this.nats.flush();
  }
}
