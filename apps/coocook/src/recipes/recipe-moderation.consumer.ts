import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { CoocookModerationFeed, EventOf } from '@sf/contracts';
import { EventConsumers } from '@sf/events';
import { RecipesService } from './recipes.service';

type ContentRemoved = EventOf<(typeof CoocookModerationFeed)['reads']>;

/** Hides what a moderator removed, when it is CooCook's: recipes. */
@Injectable()
export class RecipeModerationConsumer implements OnApplicationBootstrap {
  private readonly logger = new Logger('RecipeModeration');

  constructor(
    private readonly consumers: EventConsumers,
    private readonly recipes: RecipesService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.consumers.register(CoocookModerationFeed, (event, manager) => this.removed(event, manager));
  }

  async removed(event: ContentRemoved, manager: EntityManager): Promise<void> {
    if (event.data.content_type !== 'recipe') {
      this.logger.debug({ msg: 'removed content is not a recipe', content_type: event.data.content_type });
      return;
    }
    await this.recipes.removeByModerator(manager, event.data.content_id, new Date(event.time));
  }
}
