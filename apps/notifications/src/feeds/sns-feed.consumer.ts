import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { EventOf, NotificationsSnsFeed, PushEvent } from '@sf/contracts';
import { EventConsumers } from '@sf/events';
import { InboxService } from '../inbox/inbox.service';
import { PushPublisher } from '../pushes/push-publisher';
import { WebhooksService } from '../webhooks/webhooks.service';

type SnsEvent = EventOf<(typeof NotificationsSnsFeed)['reads']>;

/** sns's event types as seed 002 names them on the `/sns` namespace. */
const SNS_PUSHES: Partial<Record<SnsEvent['type'], PushEvent<'sns'>>> = {
  'post.created': 'post:created',
  'post.scheduled': 'post:scheduled',
  'post.published': 'post:published',
  'engagement.liked': 'engagement:liked',
  'engagement.commented': 'engagement:commented',
  'engagement.shared': 'engagement:shared',
  'comment.replied': 'comment:replied',
  'analytics.updated': 'analytics:updated',
};

/**
 * sns's events for the post's owner: `/sns` pushes to the owner's room only, a notice when a post
 * went out or failed on an account (with the platform's reason), and the customer webhooks
 * (`sns.post.published`, `sns.campaign.completed`). `trending.updated` concerns no one user and
 * is not pushed.
 */
@Injectable()
export class SnsFeedConsumer implements OnApplicationBootstrap {
  constructor(
    private readonly consumers: EventConsumers,
    private readonly inbox: InboxService,
    private readonly pushes: PushPublisher,
    private readonly webhooks: WebhooksService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.consumers.register(NotificationsSnsFeed, (event, manager) => this.apply(event, manager));
  }

  private async apply(event: SnsEvent, manager: EntityManager): Promise<void> {
    if (event.type === 'trending.updated') return;
    const userId = event.data.user_id;
    await this.webhooks.fanOut(manager, { ...event, type: `sns.${event.type}` }, userId, event.data);
    const push = SNS_PUSHES[event.type];
    if (push) this.pushes.publish('sns', { user_ids: [userId], event: push, data: { ...event.data } });
    if (event.type === 'post.published' || event.type === 'post.failed') {
      this.pushes.status([userId], {
        resource_type: 'sns.post',
        resource_id: event.data.post_id,
        status: event.type === 'post.published' ? 'published' : 'failed',
        event: event.type,
        at: event.time,
        detail: { target_id: event.data.target_id, platform: event.data.platform, error: event.data.error },
      });
    }
    if (event.type === 'post.scheduled') {
      this.pushes.status([userId], {
        resource_type: 'sns.post',
        resource_id: event.data.post_id,
        status: 'scheduled',
        event: event.type,
        at: event.time,
        detail: { platforms: event.data.platforms, scheduled_at: event.data.scheduled_at },
      });
    }
    if (event.type === 'post.published') {
      await this.inbox.notify(manager, {
        eventId: event.id,
        userId,
        category: 'posts',
        type: event.type,
        title: 'Post published',
        body: `Your post is live on ${event.data.platform}.`,
        data: {
          post_id: event.data.post_id,
          target_id: event.data.target_id,
          platform: event.data.platform,
          external_id: event.data.external_id,
        },
      });
    }
    if (event.type === 'post.failed') {
      await this.inbox.notify(manager, {
        eventId: event.id,
        userId,
        category: 'posts',
        type: event.type,
        title: 'Post failed',
        body: `Your post could not be published on ${event.data.platform}: ${event.data.error ?? 'the platform gave no reason'}`.slice(
          0,
          2000,
        ),
        data: { post_id: event.data.post_id, target_id: event.data.target_id, platform: event.data.platform, error: event.data.error },
      });
    }
  }
}
