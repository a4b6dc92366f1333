import { COOCOOK_ENTITIES } from './entities';
import { COOCOOK_MIGRATIONS } from './migrations';

/** The coocook schema: its entities and the migrations that build it. */
export const COOCOOK_SCHEMA = { name: 'coocook', entities: COOCOOK_ENTITIES, migrations: COOCOOK_MIGRATIONS };
