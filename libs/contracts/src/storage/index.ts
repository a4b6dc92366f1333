import type { EndpointDefinition } from '../common/endpoint';

export * from './events';
export * from './internal.contract';

/** Every public endpoint the storage service owns. */
export const STORAGE_ENDPOINTS: EndpointDefinition<unknown, unknown, unknown>[] = [];
