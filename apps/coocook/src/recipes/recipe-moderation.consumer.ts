import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { CoocookModerationFeed, EventOf } from '@sf/contracts';
import { EventConsumers } from '@sf/events';
import { ChefsService } from '../chefs/chefs.service';
import { RecipesService } from './recipes.service';

type ContentRemoved = EventOf<(typeof CoocookModerationFeed)['reads']>;

/** Hides what a moderator removed, when it is CooCook's: recipes, recipe reviews and chef reviews. */
@Injectable()
export class RecipeModerationConsumer implements OnApplicationBootstrap {
  private readonly logger = new Logger('RecipeModeration');

  constructor(
    private readonly consumers: EventConsumers,
    private readonly recipes: RecipesService,
    private readonly chefs: ChefsService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.consumers.register(CoocookModerationFeed, (event, manager) => this.removed(event, manager));
  }

  async removed(event: ContentRemoved, manager: EntityManager): Promise<void> {
    const at = new Date(event.time);
    if (event.data.content_type === 'recipe') await this.recipes.removeByModerator(manager, event.data.content_id, at);
    else if (event.data.content_type === 'recipe_review') await this.recipes.removeReviewByModerator(manager, event.data.content_id, at);
    else if (event.data.content_type === 'chef_review') await this.chefs.removeReviewByModerator(manager, event.data.content_id, at);
    else this.logger.debug({ msg: 'removed content is not CooCook’s', content_type: event.data.content_type });
  }
}
