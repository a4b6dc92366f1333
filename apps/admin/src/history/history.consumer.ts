import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { ADMIN_HISTORY_FEEDS, CloudEvent, ConsumerDefinition, SubscriptionEventData } from '@sf/contracts';
import { EventConsumers } from '@sf/events';
import { EntityManager } from 'typeorm';
import { appendToHistory } from './event-history';
import { projectSubscription } from './subscription-projection';

/** Applies one event to the history and the projections kept beside it. */
export async function applyToHistory(manager: EntityManager, event: CloudEvent): Promise<void> {
  await appendToHistory(manager, event);
  if (event.type.startsWith('subscription.') && event.source.endsWith('payment')) {
    await projectSubscription(manager, event as CloudEvent<SubscriptionEventData>);
  }
}

/** Every event of the history feeds, appended once (the inbox and the history's key both say so). */
@Injectable()
export class HistoryConsumer implements OnApplicationBootstrap {
  constructor(private readonly consumers: EventConsumers) {}

  async onApplicationBootstrap(): Promise<void> {
    // One handler for every feed: the history keeps any event as it came.
    for (const feed of ADMIN_HISTORY_FEEDS as readonly ConsumerDefinition[]) {
      await this.consumers.register(feed, (event, manager) => applyToHistory(manager, event as CloudEvent));
    }
  }
}
