import { serviceContract } from '../common/service-contract';
import * as dashboard from './dashboard.contract';
import * as events from './events';
import * as search from './search.contract';

export * from './dashboard.contract';
export * from './events';
export * from './search.contract';

/** Everything the platform service declares. */
export const PLATFORM = serviceContract('platform', [dashboard, search, events]);
