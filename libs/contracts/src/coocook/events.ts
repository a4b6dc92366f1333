import { eventCatalogue, eventConsumer, selectEvents } from '../common/events';
import { AdminEvents } from '../admin-events/events';
import { PaymentEvents } from '../payment/events';
import type { BookingStatus } from './bookings.contract';
import type { RecipeStatus } from './recipes.contract';
import { GDPR_PART_EVENTS, gdprRequestsFeed } from '../gdpr/gdpr.events';
import type { GdprPartEventMap } from '../gdpr/gdpr.events';

export interface ChefRegisteredData {
  chef_id: string;
  user_id: string;
  name: string;
  cuisine: string;
  location: string;
  hourly_rate_krw: number;
}

export interface ChefReviewedData {
  chef_id: string;
  review_id: string;
  booking_id: string;
  guest_id: string;
  rating: number;
  rating_avg: number;
  rating_count: number;
}

/** Every booking event carries the booking as it stands after the change. */
export interface BookingEventData {
  booking_id: string;
  chef_id: string;
  chef_user_id: string;
  guest_id: string;
  status: BookingStatus;
  booking_date: string;
  duration_hours: number;
  total_price: number;
  currency: 'KRW';
}

export interface BookingCancelledData extends BookingEventData {
  cancelled_by: 'guest' | 'chef';
  /** KRW returned to the guest under the cancellation policy; 0 when nothing was paid or due. */
  refund_amount_krw: number;
  reason: string | null;
}

export interface RecipePublishedData {
  recipe_id: string;
  author_id: string;
  title: string;
  category: string | null;
  cuisine: string | null;
  description: string;
  tags: string[];
  status: RecipeStatus;
  published_at: string | null;
  /** The recipe's `updated_at` (ISO 8601): a reader keeps the newest state it has seen. */
  version: string;
}

/** `recipe.updated`: the recipe as it stands after the change; a `draft` is no longer public. */
export type RecipeUpdatedData = RecipePublishedData;

/** `recipe.deleted`: the recipe is gone. */
export interface RecipeDeletedData {
  recipe_id: string;
  author_id: string;
  /** When it was deleted (ISO 8601), newer than any state of it. */
  version: string;
}

export interface CoocookEventMap {
  'chef.registered': ChefRegisteredData;
  'chef.reviewed': ChefReviewedData;
  'booking.created': BookingEventData;
  'booking.paid': BookingEventData & { payment_id: string };
  'booking.confirmed': BookingEventData;
  'booking.completed': BookingEventData;
  'booking.cancelled': BookingCancelledData;
  'recipe.published': RecipePublishedData;
  'recipe.updated': RecipeUpdatedData;
  'recipe.deleted': RecipeDeletedData;
}

/**
 * Domain events of the coocook service, published as CloudEvents on `events.coocook.<type>`.
 * The CloudEvent `subject` is the booking, chef or recipe id.
 */
export const CoocookEvents = eventCatalogue<CoocookEventMap & GdprPartEventMap>('coocook', {
  'chef.registered': 'A user registered as a chef',
  'chef.reviewed': 'A guest reviewed a chef after a booking',
  'booking.created': 'A guest requested a booking',
  'booking.paid': "A booking's payment completed",
  'booking.confirmed': 'The chef confirmed a booking',
  'booking.completed': 'A booking took place',
  'booking.cancelled': 'A booking was cancelled, with the refund due',
  'recipe.published': 'A recipe was published',
  'recipe.updated': 'A recipe changed (its whole state; a draft is no longer public)',
  'recipe.deleted': 'A recipe was deleted',
  ...GDPR_PART_EVENTS,
});

/** CooCook learns which products each user may use from payment's subscription events. */
export const CoocookEntitlementsFeed = eventConsumer({
  name: 'coocook-entitlements',
  service: 'coocook',
  reads: selectEvents(PaymentEvents, 'subscription.>'),
  summary: 'Who may use CooCook (product 1), kept locally',
});

/** A booking is paid when payment says its charge completed. */
export const CoocookBookingPaymentsFeed = eventConsumer({
  name: 'coocook-booking-payments',
  service: 'coocook',
  reads: selectEvents(PaymentEvents, 'payment.completed'),
  summary: 'Marks a booking paid when its charge completes',
});

/** A moderator removed a recipe or a chef review: CooCook hides it (404, gone from every public list). */
export const CoocookModerationFeed = eventConsumer({
  name: 'coocook-moderation',
  service: 'coocook',
  reads: selectEvents(AdminEvents, 'moderation.>'),
  summary: 'Hides recipes and chef reviews a moderator removed',
});
/** The coocook service's part of GDPR exports and deletions. */
export const CoocookGdprFeed = gdprRequestsFeed('coocook');
