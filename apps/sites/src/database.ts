import { SITES_ENTITIES } from './entities';
import { SITES_MIGRATIONS } from './migrations';

/** The sites schema: its entities and the migrations that build it. */
export const SITES_SCHEMA = { name: 'sites', entities: SITES_ENTITIES, migrations: SITES_MIGRATIONS };
