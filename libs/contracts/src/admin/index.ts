import { serviceContract } from '../common/service-contract';
import * as events from './events';
import * as rbac from './rbac.contract';

export * from './events';
export * from './rbac.contract';

/** Everything the admin service declares. */
export const ADMIN = serviceContract('admin', [rbac, events]);
