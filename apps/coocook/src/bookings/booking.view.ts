import type { BookingEventData, BookingView } from '@sf/contracts';
import type { Chef } from '../chefs/chef.entity';
import { toChefReviewView } from '../chefs/chef.view';
import type { BookingReview } from '../chefs/booking-review.entity';
import type { Booking } from './booking.entity';

const iso = (date: Date | null) => date?.toISOString() ?? null;

export function toBookingView(
  booking: Booking,
  chef: Pick<Chef, 'id' | 'name' | 'cuisine' | 'location'>,
  review: BookingReview | null,
): BookingView {
  return {
    id: booking.id,
    chef_id: booking.chefId,
    chef: { id: chef.id, name: chef.name, cuisine: chef.cuisine, location: chef.location },
    guest_id: booking.guestId,
    booking_date: booking.bookingDate.toISOString(),
    ends_at: booking.endsAt.toISOString(),
    duration_hours: booking.durationHours,
    special_requests: booking.specialRequests,
    status: booking.status,
    hourly_rate_krw: booking.hourlyRateKrw,
    total_price: booking.totalPrice,
    currency: 'KRW',
    payment_id: booking.paymentId,
    paid_at: iso(booking.paidAt),
    confirmed_at: iso(booking.confirmedAt),
    completed_at: iso(booking.completedAt),
    cancelled_at: iso(booking.cancelledAt),
    cancelled_by: booking.cancelledBy,
    cancellation_reason: booking.cancellationReason,
    refund_amount_krw: booking.refundAmountKrw,
    refund_id: booking.refundId,
    review: review ? toChefReviewView(review) : null,
    created_at: booking.createdAt.toISOString(),
    updated_at: booking.updatedAt.toISOString(),
  };
}

/** The data every booking event carries. */
export function bookingEventData(booking: Booking): BookingEventData {
  return {
    booking_id: booking.id,
    chef_id: booking.chefId,
    chef_user_id: booking.chefUserId,
    guest_id: booking.guestId,
    status: booking.status,
    booking_date: booking.bookingDate.toISOString(),
    duration_hours: booking.durationHours,
    total_price: booking.totalPrice,
    currency: 'KRW',
  };
}

/** The payment reference of a booking, as the payment service's events carry it back. */
export const BOOKING_REFERENCE_PREFIX = 'coocook.booking:';
export const bookingReference = (bookingId: string) => `${BOOKING_REFERENCE_PREFIX}${bookingId}`;
