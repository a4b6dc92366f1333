import { Inject, Injectable } from '@nestjs/common';
import { NatsConnection } from '@nats-io/transport-node';
import type { Logger } from 'pino';
import { PushMessage, PushNamespace, pushSubject, StatusUpdatedPush } from '@sf/contracts';
import { NATS_CONNECTION } from '@sf/messaging';
import { NOTIFICATIONS_CONFIG, NotificationsConfig } from '../notifications.config';
import { NOTIFICATIONS_LOGGER } from '../notifications.tokens';

/**
 * Publishes real-time pushes on core NATS `push.<namespace>`; every gateway replica emits them to
 * its own sockets. At most once: a client that was away reads the list with `?since=`.
 */
@Injectable()
export class PushPublisher {
  constructor(
    @Inject(NATS_CONNECTION) private readonly nats: NatsConnection,
    @Inject(NOTIFICATIONS_CONFIG) private readonly config: NotificationsConfig,
    @Inject(NOTIFICATIONS_LOGGER) private readonly logger: Logger,
  ) {}

  publish<N extends PushNamespace>(namespace: N, message: PushMessage<N>): void {
    if (message.user_ids.length === 0) return;
    try {
      this.nats.publish(this.config.common.natsSubjectPrefix + pushSubject(namespace), JSON.stringify(message));
    } catch (error) {
      // A push lost to a NATS hiccup is read from the list later; the notification itself stands.
      this.logger.warn({ err: String(error), namespace, event: message.event }, 'push not published');
    }
  }

  /** `status:updated` on `/notifications` to each party of the thing that changed. */
  status(userIds: string[], update: StatusUpdatedPush): void {
    this.publish('notifications', { user_ids: [...new Set(userIds)], event: 'status:updated', data: { ...update } });
  }
}
