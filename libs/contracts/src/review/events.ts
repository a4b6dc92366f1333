import { AuthEvents } from '../auth/events';
import { AdminEvents } from '../admin-events/events';
import { eventCatalogue, eventConsumer, selectEvents } from '../common/events';
import { PaymentEvents } from '../payment/events';
import type { ApplicationStatus } from './applications.contract';
import { GDPR_PART_EVENTS, gdprRequestsFeed } from '../gdpr/gdpr.events';
import type { GdprPartEventMap } from '../gdpr/gdpr.events';

export interface ReviewCampaignCreatedData {
  campaign_id: string;
  owner_id: string;
  title: string;
  category: string;
  reward_type: string;
  reward_value: number;
  max_reviewers: number;
  deadline: string;
  product_name: string;
  description: string | null;
  /** `open` takes applications and is public; `closed` does not. */
  status: string;
  created_at: string;
  /** The campaign's `updated_at`: a consumer keeps the newest state. */
  updated_at: string;
}

/** A campaign was deleted by its owner. */
export interface ReviewCampaignDeletedData {
  campaign_id: string;
  owner_id: string;
  deleted_at: string;
}

/** Every application event carries the application as it stands after the change. */
export interface ReviewApplicationEventData {
  application_id: string;
  user_id: string;
  account_id: string;
  listing_id: string | null;
  campaign_id: string | null;
  /** The campaign's owner, who decides; null for a scraped listing. */
  campaign_owner_id: string | null;
  source_platform: string;
  title: string;
  status: ApplicationStatus;
  reward_krw: number;
}

export interface ReviewReviewSubmittedData extends ReviewApplicationEventData {
  review_url: string;
  verified: boolean;
}

export interface ReviewRewardReceivedData {
  reward_id: string;
  application_id: string;
  user_id: string;
  amount_krw: number;
  currency: 'KRW';
  source_platform: string;
}

export interface ReviewScrapeCompletedData {
  platform: string;
  ok: boolean;
  listings_found: number;
  new_listings: number;
  closed_listings: number;
  error: string | null;
}

export interface ReviewEventMap {
  'campaign.created': ReviewCampaignCreatedData;
  'campaign.updated': ReviewCampaignCreatedData;
  'campaign.deleted': ReviewCampaignDeletedData;
  'application.created': ReviewApplicationEventData;
  'application.approved': ReviewApplicationEventData;
  'application.rejected': ReviewApplicationEventData;
  'review.submitted': ReviewReviewSubmittedData;
  'reward.received': ReviewRewardReceivedData;
  'scrape.completed': ReviewScrapeCompletedData;
}

/**
 * Domain events of the review service, published as CloudEvents on `events.review.<type>`; the
 * CloudEvent `subject` is the campaign, application, reward id, or the platform of a scrape.
 */
export const ReviewEvents = eventCatalogue<ReviewEventMap & GdprPartEventMap>('review', {
  'campaign.created': 'A brand opened a review campaign',
  'campaign.updated': 'A campaign changed (its fields, or closed or reopened); the campaign as it stands',
  'campaign.deleted': 'A campaign was deleted by its owner',
  'application.created': 'A reviewer applied to a listing or a campaign',
  'application.approved': 'An application was selected',
  'application.rejected': 'An application was rejected',
  'review.submitted': 'A selected reviewer handed in the review',
  'reward.received': 'A reviewer confirmed receiving the reward of a completed application',
  'scrape.completed': 'A scrape of one platform finished (or failed, keeping the previous listings)',
  ...GDPR_PART_EVENTS,
});

/** Who may host campaigns and auto-apply (product 3), kept locally. */
export const ReviewEntitlementsFeed = eventConsumer({
  name: 'review-entitlements',
  service: 'review',
  reads: selectEvents(PaymentEvents, 'subscription.>'),
  summary: 'Who may use Review Campaign (product 3), kept locally',
});

/** Applicants' names for campaign owners, kept locally. */
export const ReviewUserDirectoryFeed = eventConsumer({
  name: 'review-user-directory',
  service: 'review',
  reads: selectEvents(AuthEvents, 'user.>'),
  summary: "Users' names for campaign owners; a deleted user's rows are removed",
});

/** A moderator removed a review campaign: review hides it (404, gone from the campaign list). */
export const ReviewModerationFeed = eventConsumer({
  name: 'review-moderation',
  service: 'review',
  reads: selectEvents(AdminEvents, 'moderation.>'),
  summary: 'Hides review campaigns a moderator removed',
});
/** The review service's part of GDPR exports and deletions. */
export const ReviewGdprFeed = gdprRequestsFeed('review');
