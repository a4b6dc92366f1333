import { STORAGE_ENTITIES } from './entities';
import { STORAGE_MIGRATIONS } from './migrations';

/** The storage schema: its entities and the migrations that build it. */
export const STORAGE_SCHEMA = { name: 'storage', entities: STORAGE_ENTITIES, migrations: STORAGE_MIGRATIONS };
