import { serviceContract } from '../common/service-contract';
import * as accounts from './accounts.contract';
import * as events from './events';
import * as posts from './posts.contract';

export * from './accounts.contract';
export * from './events';
export * from './posts.contract';
export * from './sns-fields';

/** Everything the sns service declares. */
export const SNS = serviceContract('sns', [accounts, posts, events]);
