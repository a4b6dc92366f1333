import { serviceContract } from '../common/service-contract';
import * as events from './events';
import * as files from './files.contract';
import * as internal from './internal.contract';

export * from './events';
export * from './files.contract';
export * from './internal.contract';

/** Everything the storage service declares. */
export const STORAGE = serviceContract('storage', [files, internal, events]);
