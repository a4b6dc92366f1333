import { DynamicModule, Inject, Injectable, Module, OnApplicationBootstrap } from '@nestjs/common';
import { ConsumerDefinition, EventSelection, PaymentEventMap } from '@sf/contracts';
import { EventConsumers } from '@sf/events';
import { Entitlements } from './entitlements.service';

/** What the projection reads: every `subscription.*` event of the payment service. */
export type SubscriptionEvents = EventSelection<
  PaymentEventMap,
  'subscription.created' | 'subscription.updated' | 'subscription.cancelled' | 'subscription.renewed'
>;

export interface EntitlementsModuleOptions {
  /** The service's declared consumer of subscription events, e.g. `CoocookEntitlementsFeed`. */
  consumer: ConsumerDefinition<SubscriptionEvents>;
}

const ENTITLEMENTS_OPTIONS = Symbol('ENTITLEMENTS_OPTIONS');

@Injectable()
class EntitlementsConsumer implements OnApplicationBootstrap {
  constructor(
    private readonly consumers: EventConsumers,
    private readonly entitlements: Entitlements,
    @Inject(ENTITLEMENTS_OPTIONS) private readonly options: EntitlementsModuleOptions,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.consumers.register(this.options.consumer, (event, manager) => this.entitlements.apply(event, manager));
  }
}

/**
 * Keeps the `entitlements` projection of a service from payment's events and provides
 * `Entitlements`. Needs the service's TypeORM root and `EventsModule.forService` (global).
 */
@Module({})
export class EntitlementsModule {
  static forService(options: EntitlementsModuleOptions): DynamicModule {
    return {
      module: EntitlementsModule,
      providers: [{ provide: ENTITLEMENTS_OPTIONS, useValue: options }, Entitlements, EntitlementsConsumer],
      exports: [Entitlements],
    };
  }
}
