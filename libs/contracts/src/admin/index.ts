import { serviceContract } from '../common/service-contract';
import * as audit from './audit.contract';
import * as events from './events';
import { ADMIN_GDPR_PART_FEEDS } from './events';
import * as gdpr from './gdpr.contract';
import * as internal from './internal.contract';
import * as rbac from './rbac.contract';
import * as users from './users.contract';

export * from './audit.contract';
export * from './events';
export * from './gdpr.contract';
export * from './internal.contract';
export * from './rbac.contract';
export * from './users.contract';

/** Everything the admin service declares. */
export const ADMIN = serviceContract('admin', [rbac, users, audit, gdpr, internal, events, ADMIN_GDPR_PART_FEEDS]);
