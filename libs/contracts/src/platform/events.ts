import { AuthEvents } from '../auth/events';
import { eventCatalogue, eventConsumer, selectEvents } from '../common/events';
import { CoocookEvents } from '../coocook/events';
import { NotificationsEvents } from '../notifications/events';
import { PaymentEvents } from '../payment/events';
import { ReviewEvents } from '../review/events';
import { SnsEvents } from '../sns/events';
import { StorageEvents } from '../storage/events';
import { GDPR_PART_EVENTS, gdprRequestsFeed } from '../gdpr/gdpr.events';
import type { GdprPartEventMap } from '../gdpr/gdpr.events';

/** The platform knows each user's subscriptions (for the dashboard and the catalogue) from payment's events. */
export const PlatformEntitlementsFeed = eventConsumer({
  name: 'platform-entitlements',
  service: 'platform',
  reads: selectEvents(PaymentEvents, 'subscription.>'),
  summary: "Each user's subscriptions, for the dashboard and the product catalogue",
});

/** Subscriptions started or cancelled, as dashboard activity. */
export const PlatformSubscriptionActivityFeed = eventConsumer({
  name: 'platform-subscription-activity',
  service: 'platform',
  reads: selectEvents(PaymentEvents, 'subscription.>'),
  summary: "Subscriptions started, renewed and cancelled, in the user's recent activity",
});

/** Name and email for the dashboard, from auth's user events. */
export const PlatformUsersFeed = eventConsumer({
  name: 'platform-users',
  service: 'platform',
  reads: selectEvents(AuthEvents, 'user.>'),
  summary: "The dashboard's user (name, email); a deleted account's projections go",
});

/** The dashboard's unread count per user, from the notifications service's events (each carries it). */
export const PlatformNotificationsFeed = eventConsumer({
  name: 'platform-notifications',
  service: 'platform',
  reads: selectEvents(NotificationsEvents, 'notification.>'),
  summary: "The dashboard's unread notification count per user",
});

/** CooCook usage and activity per user (bookings, recipes). */
export const PlatformCoocookFeed = eventConsumer({
  name: 'platform-coocook',
  service: 'platform',
  reads: selectEvents(CoocookEvents, '>'),
  summary: 'CooCook usage and activity per user',
});

/** SNS Auto usage and activity per user (posts, published posts). */
export const PlatformSnsFeed = eventConsumer({
  name: 'platform-sns',
  service: 'platform',
  reads: selectEvents(SnsEvents, 'post.>'),
  summary: 'SNS Auto usage and activity per user (posts, published posts)',
});

/** Review Campaign usage and activity per user (campaigns hosted, applications made). */
export const PlatformReviewFeed = eventConsumer({
  name: 'platform-review',
  service: 'platform',
  reads: selectEvents(ReviewEvents, '>'),
  summary: 'Review Campaign usage and activity per user (campaigns, applications)',
});

/** Published recipes in the search index; an unpublished or deleted one leaves it. */
export const PlatformSearchRecipesFeed = eventConsumer({
  name: 'platform-search-recipes',
  service: 'platform',
  reads: selectEvents(CoocookEvents, 'recipe.>'),
  summary: 'Published recipes in the search index; unpublished or deleted ones leave it',
});

/** Chefs (public profiles) in the search index. */
export const PlatformSearchChefsFeed = eventConsumer({
  name: 'platform-search-chefs',
  service: 'platform',
  reads: selectEvents(CoocookEvents, 'chef.>'),
  summary: 'Chefs (public profiles) in the search index',
});

/** Published SNS posts in the search index, one document per target (its platform); a deleted post leaves it. */
export const PlatformSearchPostsFeed = eventConsumer({
  name: 'platform-search-posts',
  service: 'platform',
  reads: selectEvents(SnsEvents, 'post.>'),
  summary: 'Published SNS posts in the search index, per platform; deleted ones leave it',
});

/** Open review campaigns in the search index; a closed or deleted one leaves it. */
export const PlatformSearchCampaignsFeed = eventConsumer({
  name: 'platform-search-campaigns',
  service: 'platform',
  reads: selectEvents(ReviewEvents, 'campaign.>'),
  summary: 'Open review campaigns in the search index; closed or deleted ones leave it',
});

/** Files and bytes per user, and uploads as activity. */
export const PlatformStorageFeed = eventConsumer({
  name: 'platform-storage',
  service: 'platform',
  reads: selectEvents(StorageEvents, 'file.>'),
  summary: 'Files and bytes stored per user, uploads as activity',
});

/** `i18n.strings.updated`: an admin or translator changed strings (the audit trail of translations). */
export interface I18nStringsUpdatedData {
  language: string;
  /** The keys written, in order. */
  keys: string[];
  updated_by: string;
}

/** Event type → data, one source for publisher and consumers. */
export interface PlatformEventMap {
  'i18n.strings.updated': I18nStringsUpdatedData;
}

/** Domain events of the platform service, on `events.platform.<type>`; the CloudEvent's subject is the language. */
export const PlatformEvents = eventCatalogue<PlatformEventMap & GdprPartEventMap>('platform', {
  'i18n.strings.updated': 'Strings of a language were added or changed, and by whom',
  ...GDPR_PART_EVENTS,
});

/** The platform service's part of GDPR exports and deletions. */
export const PlatformGdprFeed = gdprRequestsFeed('platform');
