import { ENTITLEMENT_ENTITIES } from '@sf/entitlements';
import { EVENT_ENTITIES } from '@sf/events';
import { ReviewAccount } from './accounts/account.entity';
import { Application } from './applications/application.entity';
import { AutoApplyRule, AutoApplyRun } from './auto-apply/auto-apply.entity';
import { Campaign } from './campaigns/campaign.entity';
import { Bookmark, Listing, ScrapeRequest, ScraperState } from './listings/listing.entity';
import { Reward } from './rewards/reward.entity';
import { UserProfile } from './users/user-profile.entity';
import { IDEMPOTENCY_ENTITIES } from '@sf/idempotency';

export const REVIEW_ENTITIES = [
  ...IDEMPOTENCY_ENTITIES,
  Listing,
  Bookmark,
  ScraperState,
  ScrapeRequest,
  ReviewAccount,
  Campaign,
  Application,
  UserProfile,
  Reward,
  AutoApplyRule,
  AutoApplyRun,
  ...ENTITLEMENT_ENTITIES,
  ...EVENT_ENTITIES,
];
