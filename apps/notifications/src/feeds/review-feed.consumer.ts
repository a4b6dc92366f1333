import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { EventOf, NotificationsReviewFeed } from '@sf/contracts';
import { EventConsumers } from '@sf/events';
import { ChatService } from '../chat/chat.service';
import { InboxService } from '../inbox/inbox.service';
import { WebhooksService } from '../webhooks/webhooks.service';

type ReviewEvent = EventOf<(typeof NotificationsReviewFeed)['reads']>;

/**
 * review's application events: "new application" to the campaign's owner, "application approved"
 * to the applicant, the application's two parties for chat, and the customer webhooks
 * (`review.application.approved`, `review.reward.received`).
 */
@Injectable()
export class ReviewFeedConsumer implements OnApplicationBootstrap {
  constructor(
    private readonly consumers: EventConsumers,
    private readonly inbox: InboxService,
    private readonly chat: ChatService,
    private readonly webhooks: WebhooksService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.consumers.register(NotificationsReviewFeed, (event, manager) => this.apply(event, manager));
  }

  private async apply(event: ReviewEvent, manager: EntityManager): Promise<void> {
    if (
      event.type === 'campaign.created' ||
      event.type === 'campaign.updated' ||
      event.type === 'campaign.deleted' ||
      event.type === 'scrape.completed' ||
      event.type === 'gdpr.export.part_completed' ||
      event.type === 'gdpr.delete.part_completed'
    )
      return;
    await this.webhooks.fanOut(manager, { ...event, type: `review.${event.type}` }, event.data.user_id, event.data);
    if (event.type === 'reward.received') return;
    const application = event.data;
    if (application.campaign_owner_id) {
      await this.chat.recordReviewApplication(
        manager,
        application.application_id,
        [application.user_id, application.campaign_owner_id],
        application.status,
      );
    }
    const data = { application_id: application.application_id, campaign_id: application.campaign_id, listing_id: application.listing_id };
    if (event.type === 'application.created' && application.campaign_owner_id) {
      await this.inbox.notify(manager, {
        eventId: event.id,
        userId: application.campaign_owner_id,
        category: 'reviews',
        type: event.type,
        title: 'New application',
        body: `Someone applied to your campaign "${application.title}".`.slice(0, 2000),
        data,
      });
    }
    if (event.type === 'application.approved') {
      await this.inbox.notify(manager, {
        eventId: event.id,
        userId: application.user_id,
        category: 'reviews',
        type: event.type,
        title: 'Application approved',
        body: `You were selected for "${application.title}".`.slice(0, 2000),
        data,
      });
    }
  }
}
