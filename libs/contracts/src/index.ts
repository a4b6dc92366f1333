import 'reflect-metadata';
import { ADMIN } from './admin';
import { AUTH } from './auth';
import { AUTOMATION } from './automation';
import { COOCOOK } from './coocook';
import { GatewayAuthFeed } from './gateway';
import { NOTIFICATIONS } from './notifications';
import { PAYMENT } from './payment';
import { PLATFORM } from './platform';
import { REVIEW } from './review';
import { SITES } from './sites';
import { SNS } from './sns';
import { STORAGE } from './storage';
import type { EndpointDefinition } from './common/endpoint';
import type { ConsumerDefinition } from './common/events';
import type { ServiceContract } from './common/service-contract';

export * from './common/caller-context';
export * from './common/endpoint';
export * from './common/events';
export * from './common/id-params';
export * from './common/internal';
export * from './common/languages';
export * from './common/message.view';
export * from './common/pagination';
export * from './common/permissions';
export * from './common/service-contract';
export * from './gdpr/gdpr.events';
export * from './admin';
export * from './auth';
export * from './automation';
export * from './coocook';
export * from './gateway';
export * from './notifications';
export * from './payment';
export * from './platform';
export * from './review';
export * from './sites';
export * from './storage';

/** Every service of the fleet, each with all it declares; a new service joins here, once. */
export const SERVICES = [
  AUTH,
  PAYMENT,
  STORAGE,
  COOCOOK,
  PLATFORM,
  ADMIN,
  NOTIFICATIONS,
  REVIEW,
  SNS,
  SITES,
  AUTOMATION,
] as const satisfies readonly ServiceContract[];
export * from './sns';

/** Every public endpoint of the platform; the gateway serves exactly these. */
export const ALL_ENDPOINTS: readonly EndpointDefinition<unknown, unknown, unknown>[] = SERVICES.flatMap((s) => s.endpoints);

/** Every durable reader of events, the gateway's included. */
export const ALL_CONSUMERS: readonly ConsumerDefinition[] = [...SERVICES.flatMap((s) => s.consumers), GatewayAuthFeed];

/** Services the gateway expects to answer `<service>.ping`, for readiness. */
export const SERVICE_NAMES: readonly string[] = SERVICES.map((s) => s.name);
