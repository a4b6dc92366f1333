import type { ApplicationView, ReviewApplicationEventData } from '@sf/contracts';
import type { Application } from './application.entity';

export function toApplicationView(a: Application): ApplicationView {
  return {
    id: a.id,
    application_id: a.id,
    app_id: a.id,
    user_id: a.userId,
    account_id: a.accountId,
    listing_id: a.listingId,
    campaign_id: a.campaignId,
    listing_title: a.title,
    source_platform: a.sourcePlatform,
    status: a.status,
    submission: a.submission,
    listing_url: a.listingUrl,
    external_application_id: a.externalApplicationId,
    reward_krw: a.rewardKrw,
    message: a.message,
    notes: a.notes,
    review_url: a.reviewUrl,
    review_content: a.reviewContent,
    verified_at: iso(a.verifiedAt),
    auto_apply_rule_id: a.autoApplyRuleId,
    applied_at: a.appliedAt.toISOString(),
    decided_at: iso(a.decidedAt),
    review_submitted_at: iso(a.reviewSubmittedAt),
    completed_at: iso(a.completedAt),
    withdrawn_at: iso(a.withdrawnAt),
    updated_at: a.updatedAt.toISOString(),
  };
}

export function applicationEventData(a: Application): ReviewApplicationEventData {
  return {
    application_id: a.id,
    user_id: a.userId,
    account_id: a.accountId,
    listing_id: a.listingId,
    campaign_id: a.campaignId,
    campaign_owner_id: a.campaignOwnerId,
    source_platform: a.sourcePlatform,
    title: a.title,
    status: a.status,
    reward_krw: a.rewardKrw,
  };
}

export function iso(date: Date | null): string | null {
  return date ? date.toISOString() : null;
}
