import { serviceContract } from '../common/service-contract';
import * as accounts from './accounts.contract';
import * as analytics from './analytics.contract';
import * as applications from './applications.contract';
import * as autoApply from './auto-apply.contract';
import * as campaigns from './campaigns.contract';
import * as events from './events';
import * as listings from './listings.contract';
import * as rewards from './rewards.contract';

export * from './accounts.contract';
export * from './analytics.contract';
export * from './applications.contract';
export * from './auto-apply.contract';
export * from './campaigns.contract';
export * from './events';
export * from './listings.contract';
export * from './review-fields';
export * from './rewards.contract';

/** Everything the review service declares. */
export const REVIEW = serviceContract('review', [listings, accounts, applications, campaigns, autoApply, rewards, analytics, events]);
