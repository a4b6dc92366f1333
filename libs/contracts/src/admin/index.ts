import { serviceContract } from '../common/service-contract';
import * as analytics from './analytics.contract';
import * as audit from './audit.contract';
import * as events from './events';
import * as history from './history.contract';
import { ADMIN_GDPR_PART_FEEDS } from './events';
import * as gdpr from './gdpr.contract';
import * as internal from './internal.contract';
import * as metrics from './metrics.contract';
import * as moderation from './moderation.contract';
import * as rbac from './rbac.contract';
import * as subscriptions from './subscriptions.contract';
import * as users from './users.contract';

export * from './analytics.contract';
export * from './audit.contract';
export * from './events';
export * from './history.contract';
export * from './gdpr.contract';
export * from './internal.contract';
export * from './metrics.contract';
export * from './moderation.contract';
export * from './rbac.contract';
export * from './subscriptions.contract';
export * from './users.contract';

/** Everything the admin service declares. */
export const ADMIN = serviceContract('admin', [
  rbac,
  users,
  audit,
  gdpr,
  internal,
  events,
  ADMIN_GDPR_PART_FEEDS,
  history,
  subscriptions,
  metrics,
  analytics,
  moderation,
]);
