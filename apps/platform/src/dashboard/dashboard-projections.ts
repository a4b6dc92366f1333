import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import {
  EventOf,
  PlatformCoocookFeed,
  PlatformNotificationsFeed,
  PlatformReviewFeed,
  PlatformSnsFeed,
  PlatformStorageFeed,
  PlatformSubscriptionActivityFeed,
  PlatformUsersFeed,
  PRODUCTS,
} from '@sf/contracts';
import { EventConsumers } from '@sf/events';
import { UsageKind } from './dashboard.entity';

type UserEvent = EventOf<(typeof PlatformUsersFeed)['reads']>;
type CoocookEvent = EventOf<(typeof PlatformCoocookFeed)['reads']>;
type StorageEvent = EventOf<(typeof PlatformStorageFeed)['reads']>;
type SubscriptionEvent = EventOf<(typeof PlatformSubscriptionActivityFeed)['reads']>;
type SnsEvent = EventOf<(typeof PlatformSnsFeed)['reads']>;
type ReviewEvent = EventOf<(typeof PlatformReviewFeed)['reads']>;
type NotificationEvent = EventOf<(typeof PlatformNotificationsFeed)['reads']>;

/** Adds one line to a user's recent activity, at the event's time. */
async function addActivity(manager: EntityManager, userId: string, type: string, title: string, at: string): Promise<void> {
  await manager.query(`INSERT INTO activity (user_id, type, title, at) VALUES ($1, $2, $3, $4)`, [userId, type, title.slice(0, 300), at]);
}

/** Records an item's latest state; a deleted item stays deleted, and an older version is ignored. */
async function upsertItem(
  manager: EntityManager,
  item: { kind: UsageKind; id: string; userId: string; status?: string | null; bytes?: number; gone?: boolean; version?: string | null },
): Promise<void> {
  await manager.query(
    `INSERT INTO usage_items (kind, item_id, user_id, status, bytes, gone, version) VALUES ($1, $2, $3, $4, $5, $6, $7)
     ON CONFLICT (kind, item_id) DO UPDATE
        SET status = excluded.status, bytes = excluded.bytes, gone = excluded.gone, version = excluded.version, updated_at = now()
      WHERE NOT usage_items.gone AND (usage_items.version IS NULL OR excluded.version IS NULL OR excluded.version >= usage_items.version)`,
    [item.kind, item.id, item.userId, item.status ?? null, item.bytes ?? 0, item.gone ?? false, item.version ?? null],
  );
}

/**
 * Marks an item deleted, if the dashboard has it: an account's deletion (which removed its rows
 * already) is followed by a deletion event for each of its posts, which must not bring rows back.
 */
async function markGone(manager: EntityManager, kind: UsageKind, id: string): Promise<void> {
  await manager.query(`UPDATE usage_items SET gone = true, updated_at = now() WHERE kind = $1 AND item_id = $2`, [kind, id]);
}

/**
 * The dashboard's read models, each kept by a durable consumer of the publisher's events: users
 * from auth, usage and activity from coocook, storage, sns and review, subscription activity from payment,
 * unread counts from notifications.
 * Each event is applied in the transaction that records it in the inbox, so a redelivery changes
 * nothing.
 */
@Injectable()
export class DashboardProjections implements OnApplicationBootstrap {
  constructor(private readonly consumers: EventConsumers) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.consumers.register(PlatformUsersFeed, (event, manager) => this.user(event, manager));
    await this.consumers.register(PlatformSubscriptionActivityFeed, (event, manager) => this.subscription(event, manager));
    await this.consumers.register(PlatformCoocookFeed, (event, manager) => this.coocook(event, manager));
    await this.consumers.register(PlatformStorageFeed, (event, manager) => this.storage(event, manager));
    await this.consumers.register(PlatformNotificationsFeed, (event, manager) => this.notifications(event, manager));
    await this.consumers.register(PlatformSnsFeed, (event, manager) => this.sns(event, manager));
    await this.consumers.register(PlatformReviewFeed, (event, manager) => this.review(event, manager));
  }

  /** Every notification event carries the user's unread count after it: keep the latest. */
  private async notifications(event: NotificationEvent, manager: EntityManager): Promise<void> {
    await manager.query(
      `INSERT INTO unread_notifications (user_id, unread_count, as_of) VALUES ($1, $2, $3)
       ON CONFLICT (user_id) DO UPDATE SET unread_count = excluded.unread_count, as_of = excluded.as_of
        WHERE unread_notifications.as_of <= excluded.as_of`,
      [event.data.user_id, event.data.unread_count, event.time],
    );
  }

  private async user(event: UserEvent, manager: EntityManager): Promise<void> {
    switch (event.type) {
      case 'user.registered':
        await manager.query(
          `INSERT INTO platform_users (user_id, email, name) VALUES ($1, $2, $3)
           ON CONFLICT (user_id) DO UPDATE SET email = excluded.email, name = excluded.name, updated_at = now()`,
          [event.data.user_id, event.data.email, event.data.name],
        );
        await addActivity(manager, event.data.user_id, event.type, 'Account created', event.time);
        return;
      case 'user.updated':
        await manager.query(`UPDATE platform_users SET name = $2, updated_at = now() WHERE user_id = $1`, [
          event.data.user_id,
          event.data.name,
        ]);
        return;
      case 'user.deleted':
        for (const table of ['platform_users', 'usage_items', 'activity', 'entitlements', 'unread_notifications']) {
          await manager.query(`DELETE FROM ${table} WHERE user_id = $1`, [event.data.user_id]);
        }
        return;
      default:
        return;
    }
  }

  private async subscription(event: SubscriptionEvent, manager: EntityManager): Promise<void> {
    const data = event.data;
    const product = PRODUCTS.find((p) => p.id === data.product_id)?.name ?? data.product_slug;
    if (event.type === 'subscription.created') {
      await addActivity(manager, data.user_id, event.type, `Subscribed to ${product} (${data.plan_slug}, ${data.plan_type})`, event.time);
    } else if (event.type === 'subscription.renewed') {
      await addActivity(manager, data.user_id, event.type, `Subscription to ${product} renewed`, event.time);
    } else if (event.type === 'subscription.cancelled') {
      await addActivity(manager, data.user_id, event.type, `Subscription to ${product} cancelled`, event.time);
    }
  }

  private async coocook(event: CoocookEvent, manager: EntityManager): Promise<void> {
    switch (event.type) {
      case 'booking.created':
      case 'booking.paid':
      case 'booking.confirmed':
      case 'booking.completed':
      case 'booking.cancelled': {
        const data = event.data;
        await upsertItem(manager, { kind: 'booking', id: data.booking_id, userId: data.guest_id, status: data.status });
        const what = event.type.slice('booking.'.length);
        await addActivity(manager, data.guest_id, event.type, `Booking ${what} for ${data.booking_date}`, event.time);
        return;
      }
      case 'recipe.published':
      case 'recipe.updated': {
        const data = event.data;
        await upsertItem(manager, {
          kind: 'recipe',
          id: data.recipe_id,
          userId: data.author_id,
          status: data.status,
          version: data.version,
        });
        if (event.type === 'recipe.published')
          await addActivity(manager, data.author_id, event.type, `Published ${data.title}`, event.time);
        return;
      }
      case 'recipe.deleted':
        await upsertItem(manager, {
          kind: 'recipe',
          id: event.data.recipe_id,
          userId: event.data.author_id,
          gone: true,
          version: event.data.version,
        });
        return;
      case 'chef.registered':
        await addActivity(manager, event.data.user_id, event.type, `Registered as chef ${event.data.name}`, event.time);
        return;
      default:
        return;
    }
  }

  private async storage(event: StorageEvent, manager: EntityManager): Promise<void> {
    if (event.type === 'file.uploaded') {
      const data = event.data;
      await upsertItem(manager, { kind: 'file', id: data.file_id, userId: data.user_id, bytes: data.size });
      await addActivity(manager, data.user_id, event.type, `Uploaded ${data.original_filename}`, event.time);
    } else {
      await upsertItem(manager, { kind: 'file', id: event.data.file_id, userId: event.data.user_id, gone: true });
    }
  }

  /**
   * A post is one `sns_post` item; once any of its targets went out it stays `published` (a later
   * `post.scheduled` of its failed targets does not take that back); a deleted post is gone.
   */
  private async sns(event: SnsEvent, manager: EntityManager): Promise<void> {
    if (event.type === 'post.deleted') {
      await markGone(manager, 'sns_post', event.data.post_id);
      return;
    }
    const data = event.data;
    const status = event.type === 'post.published' ? 'published' : event.type === 'post.failed' ? 'failed' : event.data.status;
    await manager.query(
      `INSERT INTO usage_items (kind, item_id, user_id, status) VALUES ('sns_post', $1, $2, $3)
       ON CONFLICT (kind, item_id) DO UPDATE
          SET status = CASE WHEN usage_items.status = 'published' THEN usage_items.status ELSE excluded.status END, updated_at = now()
        WHERE NOT usage_items.gone`,
      [data.post_id, data.user_id, status],
    );
    if (event.type === 'post.published') {
      await addActivity(manager, data.user_id, event.type, `Posted on ${event.data.platform}`, event.time);
    } else if (event.type === 'post.failed') {
      await addActivity(manager, data.user_id, event.type, `Post to ${event.data.platform} failed`, event.time);
    } else if (event.type === 'post.scheduled' && event.data.scheduled_at) {
      await addActivity(manager, data.user_id, event.type, `Post scheduled for ${event.data.scheduled_at}`, event.time);
    }
  }

  /** Campaigns a user hosts and applications they made, each with its latest status. */
  private async review(event: ReviewEvent, manager: EntityManager): Promise<void> {
    switch (event.type) {
      case 'campaign.created':
        await upsertItem(manager, { kind: 'review_campaign', id: event.data.campaign_id, userId: event.data.owner_id, status: 'open' });
        await addActivity(manager, event.data.owner_id, event.type, `Opened campaign ${event.data.title}`, event.time);
        return;
      case 'campaign.deleted':
        await markGone(manager, 'review_campaign', event.data.campaign_id);
        return;
      case 'application.created':
      case 'application.approved':
      case 'application.rejected':
      case 'review.submitted': {
        const data = event.data;
        await upsertItem(manager, { kind: 'review_application', id: data.application_id, userId: data.user_id, status: data.status });
        const line =
          event.type === 'application.created'
            ? `Applied to ${data.title}`
            : event.type === 'application.approved'
              ? `Selected for ${data.title}`
              : event.type === 'application.rejected'
                ? `Not selected for ${data.title}`
                : `Review submitted for ${data.title}`;
        await addActivity(manager, data.user_id, event.type, line, event.time);
        return;
      }
      case 'reward.received':
        await addActivity(manager, event.data.user_id, event.type, `Reward of ${event.data.amount_krw} KRW received`, event.time);
        return;
      default:
        return;
    }
  }
}
