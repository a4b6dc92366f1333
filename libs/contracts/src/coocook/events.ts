import type { BookingStatus } from './bookings.contract';

/**
 * Domain events of the coocook service, published as CloudEvents on `events.coocook.<type>`.
 * The CloudEvent `subject` is the booking, chef or recipe id. Publisher and consumers take their
 * types from `CoocookEventMap`.
 */
export const CoocookEventTypes = {
  chefRegistered: 'chef.registered',
  chefReviewed: 'chef.reviewed',
  bookingCreated: 'booking.created',
  bookingPaid: 'booking.paid',
  bookingConfirmed: 'booking.confirmed',
  bookingCompleted: 'booking.completed',
  bookingCancelled: 'booking.cancelled',
  recipePublished: 'recipe.published',
} as const;
export type CoocookEventType = (typeof CoocookEventTypes)[keyof typeof CoocookEventTypes];

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
}
