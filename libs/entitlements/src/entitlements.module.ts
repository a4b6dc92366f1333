import { DynamicModule, Inject, Injectable, Module, OnApplicationBootstrap } from '@nestjs/common';
import { SubscriptionEventData } from '@sf/contracts';
import { EventConsumers } from '@sf/events';
import { Entitlements } from './entitlements.service';

export interface EntitlementsModuleOptions {
  /** Durable consumer name, one per consuming service, e.g. `coocook-entitlements`. */
  consumerName: string;
}

const ENTITLEMENTS_OPTIONS = Symbol('ENTITLEMENTS_OPTIONS');

/** Subjects the projection follows: every `subscription.*` event of the payment service. */
export const ENTITLEMENT_EVENTS_SUBJECT = 'events.payment.subscription.>';

@Injectable()
class EntitlementsConsumer implements OnApplicationBootstrap {
  constructor(
    private readonly consumers: EventConsumers,
    private readonly entitlements: Entitlements,
    @Inject(ENTITLEMENTS_OPTIONS) private readonly options: EntitlementsModuleOptions,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.consumers.register<SubscriptionEventData>({
      name: this.options.consumerName,
      subject: ENTITLEMENT_EVENTS_SUBJECT,
      handle: (event, manager) => this.entitlements.apply(event, manager),
    });
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
