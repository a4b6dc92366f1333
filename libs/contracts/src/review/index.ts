import { serviceContract } from '../common/service-contract';
import * as accounts from './accounts.contract';
import * as applications from './applications.contract';
import * as campaigns from './campaigns.contract';
import * as events from './events';
import * as listings from './listings.contract';

export * from './accounts.contract';
export * from './applications.contract';
export * from './campaigns.contract';
export * from './events';
export * from './listings.contract';
export * from './review-fields';

/** Everything the review service declares. */
export const REVIEW = serviceContract('review', [listings, accounts, applications, campaigns, events]);
