import { serviceContract } from '../common/service-contract';
import * as accounts from './accounts.contract';
import * as ai from './ai.contract';
import * as analytics from './analytics.contract';
import * as automation from './automation.contract';
import * as campaigns from './campaigns.contract';
import * as events from './events';
import * as insights from './insights.contract';
import * as links from './linkinbio.contract';
import * as posts from './posts.contract';

export * from './accounts.contract';
export * from './ai.contract';
export * from './analytics.contract';
export * from './automation.contract';
export * from './campaigns.contract';
export * from './events';
export * from './insights.contract';
export * from './linkinbio.contract';
export * from './posts.contract';
export * from './sns-fields';

/** Everything the sns service declares. */
export const SNS = serviceContract('sns', [accounts, posts, links, analytics, ai, campaigns, automation, insights, events]);
