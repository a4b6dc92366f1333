import { AUTH_ENTITIES } from './entities';
import { AUTH_MIGRATIONS } from './migrations';

/** The auth schema: its entities and the migrations that build it. */
export const AUTH_SCHEMA = { name: 'auth', entities: AUTH_ENTITIES, migrations: AUTH_MIGRATIONS };
