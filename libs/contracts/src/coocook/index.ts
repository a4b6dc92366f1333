import type { EndpointDefinition } from '../common/endpoint';

/** Every public endpoint the coocook service owns. */
export const COOCOOK_ENDPOINTS: EndpointDefinition<unknown, unknown, unknown>[] = [];
