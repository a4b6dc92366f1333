import { serviceContract } from '../common/service-contract';
import * as dashboard from './dashboard.contract';
import * as events from './events';
import * as i18n from './i18n.contract';
import * as search from './search.contract';

export * from './dashboard.contract';
export * from './events';
export * from './i18n.contract';
export * from './search.contract';
export * from './shipped-strings';

/** Everything the platform service declares. */
export const PLATFORM = serviceContract('platform', [dashboard, search, i18n, events]);
