import type { EndpointDefinition } from '../common/endpoint';

/** Every public endpoint the payment service owns. */
export const PAYMENT_ENDPOINTS: EndpointDefinition<unknown, unknown, unknown>[] = [];
