import type { AvailabilityView, ChefReviewView, ChefView } from '@sf/contracts';
import type { BookingReview } from './booking-review.entity';
import type { Chef, ChefAvailability } from './chef.entity';

export function toChefView(chef: Chef): ChefView {
  return {
    id: chef.id,
    user_id: chef.userId,
    name: chef.name,
    bio: chef.bio,
    cuisine: chef.cuisine,
    location: chef.location,
    hourly_rate_krw: chef.hourlyRateKrw,
    image_url: chef.imageUrl,
    time_zone: chef.timeZone,
    rating_avg: Number(chef.ratingAvg),
    rating_count: chef.ratingCount,
    followers_count: chef.followersCount,
    created_at: chef.createdAt.toISOString(),
    updated_at: chef.updatedAt.toISOString(),
  };
}

export function toChefReviewView(review: BookingReview): ChefReviewView {
  return {
    id: review.id,
    booking_id: review.bookingId,
    chef_id: review.chefId,
    guest_id: review.guestId,
    rating: review.rating,
    comment: review.comment,
    created_at: review.createdAt.toISOString(),
  };
}

export function toAvailabilityView(chef: Chef, availability: ChefAvailability | null): AvailabilityView {
  const weekly = availability?.weekly ?? [];
  const exceptions = availability?.exceptions ?? [];
  return {
    chef_id: chef.id,
    time_zone: chef.timeZone,
    restricted: weekly.length > 0 || exceptions.length > 0,
    weekly,
    exceptions,
    updated_at: availability?.updatedAt.toISOString() ?? null,
  };
}
