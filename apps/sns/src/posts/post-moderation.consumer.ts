import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { EventOf, SnsModerationFeed } from '@sf/contracts';
import { EventConsumers } from '@sf/events';
import { PostsService } from './posts.service';

type ContentRemoved = EventOf<(typeof SnsModerationFeed)['reads']>;

/** Takes down and hides a post a moderator removed: the platforms first (outside the inbox transaction), then the rows. */
@Injectable()
export class PostModerationConsumer implements OnApplicationBootstrap {
  constructor(
    private readonly consumers: EventConsumers,
    private readonly posts: PostsService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.consumers.register(SnsModerationFeed, {
      prepare: (event: ContentRemoved) =>
        event.data.content_type === 'sns_post' ? this.posts.takeDownForModerator(event.data.content_id) : Promise.resolve(),
      handle: async (event, manager) => {
        if (event.data.content_type === 'sns_post')
          await this.posts.removeByModerator(manager, event.data.content_id, new Date(event.time));
      },
    });
  }
}
