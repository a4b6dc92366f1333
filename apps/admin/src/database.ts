import { ADMIN_ENTITIES } from './entities';
import { ADMIN_MIGRATIONS } from './migrations';

/** The admin schema: its entities and the migrations that build it. */
export const ADMIN_SCHEMA = { name: 'admin', entities: ADMIN_ENTITIES, migrations: ADMIN_MIGRATIONS };
