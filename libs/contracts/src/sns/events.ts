import { AuthEvents } from '../auth/events';
import { AdminEvents } from '../admin-events/events';
import { eventCatalogue, eventConsumer, selectEvents } from '../common/events';
import { PaymentEvents } from '../payment/events';
import { StorageEvents } from '../storage/events';
import type { TargetStatus } from './posts.contract';
import type { SnsPlatform } from './sns-fields';
import { GDPR_PART_EVENTS, gdprRequestsFeed } from '../gdpr/gdpr.events';
import type { GdprPartEventMap } from '../gdpr/gdpr.events';

/** A post as it stands after the change; one event per post (its targets inside). */
export interface SnsPostEventData {
  post_id: string;
  user_id: string;
  status: TargetStatus;
  platforms: SnsPlatform[];
  scheduled_at: string | null;
  created_at: string;
}

/** One target (the post on one account) reached a final state at the platform. */
export interface SnsTargetEventData {
  post_id: string;
  target_id: string;
  user_id: string;
  account_id: string;
  platform: SnsPlatform;
  external_id: string | null;
  /** The platform's reason, when it failed. */
  error: string | null;
  at: string;
  /** The post's text as it went out (or was refused). */
  content: string;
}

/** A post was deleted (by its owner, or with their account): every target it had, with its platform. */
export interface SnsPostDeletedData {
  post_id: string;
  user_id: string;
  targets: { target_id: string; platform: SnsPlatform }[];
  deleted_at: string;
}

/** A campaign was completed, with what the user recorded on it. */
export interface SnsCampaignCompletedData {
  campaign_id: string;
  user_id: string;
  name: string;
  spend_krw: number | null;
  revenue_krw: number | null;
  roi_percentage: number | null;
  completed_at: string;
}

/** A published post's metrics as the latest snapshot reads them. */
export interface SnsMetricsData {
  likes: number;
  comments: number;
  shares: number;
  reach: number;
  impressions: number;
}

/** A published target's metrics changed since the previous snapshot. */
export interface SnsAnalyticsUpdatedData {
  post_id: string;
  target_id: string;
  user_id: string;
  platform: SnsPlatform;
  metrics: SnsMetricsData;
  taken_at: string;
}

/** People liked, commented on or shared a post since the previous snapshot. */
export interface SnsEngagementData {
  post_id: string;
  target_id: string;
  user_id: string;
  platform: SnsPlatform;
  /** How many more since the previous snapshot. */
  added: number;
  total: number;
}

/** The owner commented on their own published post (a reply to its audience). */
export interface SnsCommentRepliedData {
  post_id: string;
  target_id: string;
  user_id: string;
  platform: SnsPlatform;
  reply_id: string;
  reply_text: string;
}

/** A new trend snapshot of a platform. */
export interface SnsTrendingUpdatedData {
  platform: SnsPlatform;
  trending_topics: string[];
  taken_at: string;
}

export interface SnsEventMap {
  'post.created': SnsPostEventData;
  'post.scheduled': SnsPostEventData;
  'post.published': SnsTargetEventData;
  'post.failed': SnsTargetEventData;
  'post.deleted': SnsPostDeletedData;
  'campaign.completed': SnsCampaignCompletedData;
  'engagement.liked': SnsEngagementData;
  'engagement.commented': SnsEngagementData;
  'engagement.shared': SnsEngagementData;
  'comment.replied': SnsCommentRepliedData;
  'analytics.updated': SnsAnalyticsUpdatedData;
  'trending.updated': SnsTrendingUpdatedData;
}

/**
 * Domain events of the sns service, published as CloudEvents on `events.sns.<type>` (the seeds'
 * `sns.post.published` and so on). The CloudEvent `subject` is the post id.
 */
export const SnsEvents = eventCatalogue<SnsEventMap & GdprPartEventMap>('sns', {
  'post.created': 'A post was created (draft or scheduled)',
  'post.scheduled': 'A post was given a time to be published',
  'post.published': 'A post went out on one account; its id at the platform is known',
  'post.failed': "A post could not go out on one account; the platform's reason is given",
  'post.deleted': 'A post was deleted, by its owner or with their account (every target it had)',
  'campaign.completed': 'A campaign was completed, with its recorded spend, revenue and ROI',
  'engagement.liked': 'A post was liked since the last metrics read (how many, and the total)',
  'engagement.commented': 'A post was commented on since the last metrics read',
  'engagement.shared': 'A post was shared since the last metrics read',
  'comment.replied': 'The owner commented on their published post',
  'analytics.updated': "A published post's metrics changed",
  'trending.updated': "A new snapshot of a platform's trends",
  ...GDPR_PART_EVENTS,
});

/** Who may use SNS Auto (product 2), kept locally. */
export const SnsEntitlementsFeed = eventConsumer({
  name: 'sns-entitlements',
  service: 'sns',
  reads: selectEvents(PaymentEvents, 'subscription.>'),
  summary: 'Who may use SNS Auto (product 2), kept locally',
});

/** The caller's files, so a post may name an uploaded image by id. */
export const SnsFilesFeed = eventConsumer({
  name: 'sns-files',
  service: 'sns',
  reads: selectEvents(StorageEvents, 'file.>'),
  summary: "Each user's uploaded files, so posts may name them by id",
});

/** A deleted user's SNS data goes, and the platforms' tokens are revoked. */
export const SnsUserDeletedFeed = eventConsumer({
  name: 'sns-user-deleted',
  service: 'sns',
  reads: selectEvents(AuthEvents, 'user.deleted'),
  summary: "Deletes a deleted user's SNS data and revokes their platform tokens",
});

/** A moderator removed an SNS post: sns takes it down at the platforms and hides it (404). */
export const SnsModerationFeed = eventConsumer({
  name: 'sns-moderation',
  service: 'sns',
  reads: selectEvents(AdminEvents, 'moderation.>'),
  summary: 'Takes down and hides posts a moderator removed',
});
/** The sns service's part of GDPR exports and deletions. */
export const SnsGdprFeed = gdprRequestsFeed('sns');
