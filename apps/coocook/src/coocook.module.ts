import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { serviceDataSourceOptions } from '@sf/database';
import { CoocookEntitlementsFeed, CoocookGdprFeed } from '@sf/contracts';
import { EntitlementsModule } from '@sf/entitlements';
import { EventsModule, gdprParticipant } from '@sf/events';
import { NatsModule, ServiceHealthModule } from '@sf/messaging';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import type { DataSourceOptions } from 'typeorm';
import { BookingLifecycleService } from './bookings/booking-lifecycle.service';
import { BookingPayments } from './bookings/booking-payments';
import { RecipeModerationConsumer } from './recipes/recipe-moderation.consumer';
import { BookingsHandler } from './bookings/bookings.handler';
import { BookingsService } from './bookings/bookings.service';
import { AvailabilityService } from './chefs/availability.service';
import { ChefsHandler } from './chefs/chefs.handler';
import { ChefsService } from './chefs/chefs.service';
import { FollowsService } from './chefs/follows.service';
import { COOCOOK_CONFIG, CoocookConfig } from './coocook.config';
import { COOCOOK_SCHEMA } from './database';
import { DemoDataService } from './demo/demo.service';
import { MealPlansHandler } from './meal-plans/meal-plans.handler';
import { MealPlansService } from './meal-plans/meal-plans.service';
import { RecipeSearchService } from './recipes/recipe-search.service';
import { RecipeSearchCache } from './recipes/recipe-search-cache';
import { RecipesHandler } from './recipes/recipes.handler';
import { RecipesService } from './recipes/recipes.service';
import { CoocookEvents } from './shared/coocook-events';
import { ImageResolver } from './shared/image-resolver';
import { ShoppingListsHandler } from './shopping-lists/shopping-lists.handler';
import { ShoppingListsService } from './shopping-lists/shopping-lists.service';
import { COOCOOK_GDPR_DATA } from './gdpr/gdpr-data';

/**
 * The service's data source. Its tables are small enough to stay in memory, so random reads cost
 * about what sequential ones do: with the default `random_page_cost` (4, tuned for spinning
 * disks) the planner scans the whole recipe table for common search words instead of reading the
 * GIN index's matches, which takes twice as long.
 */
function dataSourceOptions(config: CoocookConfig): DataSourceOptions {
  const options = serviceDataSourceOptions(config.database, COOCOOK_SCHEMA.entities, COOCOOK_SCHEMA.migrations);
  const extra = (options.extra ?? {}) as { options?: string };
  return { ...options, extra: { ...extra, options: `${extra.options ?? ''} -c random_page_cost=1.1`.trim() } } as DataSourceOptions;
}

@Module({})
export class CoocookModule {
  static register(config: CoocookConfig, metrics: Registry, logger: Logger): DynamicModule {
    return {
      module: CoocookModule,
      imports: [
        TypeOrmModule.forRoot(dataSourceOptions(config)),
        NatsModule.forRoot({
          url: config.common.natsUrl,
          name: 'coocook',
          requestTimeoutMs: config.requestTimeoutMs,
          subjectPrefix: config.common.natsSubjectPrefix,
          metrics,
        }),
        ServiceHealthModule.forService('coocook', metrics),
        EventsModule.forService({ service: 'coocook', config: config.events, logger, metrics }),
        EntitlementsModule.forService({ consumer: CoocookEntitlementsFeed }),
      ],
      controllers: [ChefsHandler, BookingsHandler, RecipesHandler, MealPlansHandler, ShoppingListsHandler],
      providers: [
        gdprParticipant(CoocookGdprFeed, COOCOOK_GDPR_DATA),
        { provide: COOCOOK_CONFIG, useValue: config },
        CoocookEvents,
        ImageResolver,
        ChefsService,
        AvailabilityService,
        FollowsService,
        BookingsService,
        BookingPayments,
        BookingLifecycleService,
        RecipesService,
        RecipeModerationConsumer,
        RecipeSearchService,
        RecipeSearchCache,
        MealPlansService,
        ShoppingListsService,
        DemoDataService,
      ],
    };
  }
}
