import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { EventOf, ReviewModerationFeed } from '@sf/contracts';
import { EventConsumers } from '@sf/events';
import { CampaignsService } from './campaigns.service';

type ContentRemoved = EventOf<(typeof ReviewModerationFeed)['reads']>;

/** Hides what a moderator removed, when it is the review program's: campaigns. */
@Injectable()
export class CampaignModerationConsumer implements OnApplicationBootstrap {
  constructor(
    private readonly consumers: EventConsumers,
    private readonly campaigns: CampaignsService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.consumers.register(ReviewModerationFeed, (event, manager) => this.removed(event, manager));
  }

  async removed(event: ContentRemoved, manager: EntityManager): Promise<void> {
    if (event.data.content_type !== 'review_campaign') return;
    await this.campaigns.removeByModerator(manager, event.data.content_id, new Date(event.time));
  }
}
