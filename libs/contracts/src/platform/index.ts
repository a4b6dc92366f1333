import { serviceContract } from '../common/service-contract';
import * as dashboard from './dashboard.contract';
import * as events from './events';

export * from './dashboard.contract';
export * from './events';

/** Everything the platform service declares. */
export const PLATFORM = serviceContract('platform', [dashboard, events]);
