import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { ADMIN_HISTORY_FEEDS, CloudEvent, ConsumerDefinition, SubscriptionEventData } from '@sf/contracts';
import { EventConsumers } from '@sf/events';
import { EntityManager } from 'typeorm';
import { appendToHistory } from './event-history';
import { projectSubscription } from './subscription-projection';

/** Applies one event to the history and the projections kept beside it; answers whether the history gained a row. */
export async function applyToHistory(manager: EntityManager, event: CloudEvent): Promise<boolean> {
  const added = await appendToHistory(manager, event);
  if (event.type.startsWith('subscription.') && event.source.endsWith('payment')) {
    await projectSubscription(manager, event as CloudEvent<SubscriptionEventData>);
  }
  if (event.type === 'user.deleted' && event.source.endsWith('auth')) {
    const userId = (event.data as { user_id?: unknown } | null)?.user_id;
    if (typeof userId === 'string') await eraseUser(manager, userId);
  }
  return added;
}

/**
 * A deleted account leaves no row naming it: its history rows lose the link to it and every
 * mention of its id (the figures stay), and its subscriptions and reports take one pseudonym,
 * so counts, revenue and churn are unchanged. The history's append-only trigger lets this
 * erasure through for its own transaction only.
 */
export async function eraseUser(manager: EntityManager, userId: string): Promise<void> {
  const pseudonym = randomUUID();
  await manager.query(`SET LOCAL admin.history_erasure = 'on'`);
  await manager.query(
    `UPDATE event_history SET subject_user = CASE WHEN subject_user = $1 THEN NULL ELSE subject_user END,
            data = replace(data::text, $2, $3)::jsonb
      WHERE subject_user = $1 OR strpos(data::text, $2) > 0`,
    [userId, userId, pseudonym],
  );
  await manager.query(`SET LOCAL admin.history_erasure = 'off'`);
  await manager.query(`UPDATE revenue_subscriptions SET user_id = $2 WHERE user_id = $1`, [userId, pseudonym]);
  await manager.query(`UPDATE content_reports SET reported_by = $2 WHERE reported_by = $1`, [userId, pseudonym]);
  await manager.query(`UPDATE content_reports SET resolved_by = $2 WHERE resolved_by = $1`, [userId, pseudonym]);
}

/** Every event of the history feeds, appended once (the inbox and the history's key both say so). */
@Injectable()
export class HistoryConsumer implements OnApplicationBootstrap {
  constructor(private readonly consumers: EventConsumers) {}

  async onApplicationBootstrap(): Promise<void> {
    // One handler for every feed: the history keeps any event as it came.
    for (const feed of ADMIN_HISTORY_FEEDS as readonly ConsumerDefinition[]) {
      await this.consumers.register(feed, async (event, manager) => {
        await applyToHistory(manager, event as CloudEvent);
      });
    }
  }
}
