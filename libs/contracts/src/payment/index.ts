import type { EndpointDefinition } from '../common/endpoint';

export * from './events';
export * from './internal.contract';

/** Every public endpoint the payment service owns. */
export const PAYMENT_ENDPOINTS: EndpointDefinition<unknown, unknown, unknown>[] = [];
