import 'reflect-metadata';
import { AUTH_ENDPOINTS } from './auth';
import { COOCOOK_ENDPOINTS } from './coocook';
import { PAYMENT_ENDPOINTS } from './payment';
import { STORAGE_ENDPOINTS } from './storage';
import type { EndpointDefinition } from './common/endpoint';

export * from './common/caller-context';
export * from './common/endpoint';
export * from './common/id-params';
export * from './common/message.view';
export * from './common/pagination';
export * from './auth';
export * from './coocook';
export * from './payment';
export * from './storage';

/** Every public endpoint of the platform; the gateway serves exactly these. */
export const ALL_ENDPOINTS: readonly EndpointDefinition<unknown, unknown, unknown>[] = [
  ...(AUTH_ENDPOINTS as EndpointDefinition<unknown, unknown, unknown>[]),
  ...PAYMENT_ENDPOINTS,
  ...STORAGE_ENDPOINTS,
  ...COOCOOK_ENDPOINTS,
];

/** Services the gateway expects to answer `<service>.ping`, for readiness. */
export const SERVICE_NAMES = ['auth', 'payment', 'storage', 'coocook'] as const;
export type ServiceName = (typeof SERVICE_NAMES)[number];
