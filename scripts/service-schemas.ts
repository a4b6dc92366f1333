import { AUTH_SCHEMA } from '../apps/auth/src/database';

/** Every service's schema, in the order they are provisioned and migrated. */
export const SERVICE_SCHEMAS = [AUTH_SCHEMA];
