import type { ListingView } from '@sf/contracts';
import type { Listing } from './listing.entity';

export function toListingView(l: Listing, bookmarked: boolean, acceptsApi: boolean): ListingView {
  return {
    id: l.id,
    listing_id: l.id,
    source_platform: l.sourcePlatform,
    external_id: l.externalId,
    title: l.title,
    category: l.category,
    reward_krw: l.rewardKrw,
    reward_value: l.rewardKrw,
    reward_description: l.rewardDescription,
    deadline: l.deadline?.toISOString() ?? null,
    max_applicants: l.maxApplicants,
    applicant_count: l.applicantCount,
    url: l.url,
    status: l.status,
    accepts_api_applications: acceptsApi,
    bookmarked,
    first_seen_at: l.firstSeenAt.toISOString(),
    last_seen_at: l.lastSeenAt.toISOString(),
    closed_at: l.closedAt?.toISOString() ?? null,
  };
}
