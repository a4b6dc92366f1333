import { PLATFORM_ENTITIES } from './entities';
import { PLATFORM_MIGRATIONS } from './migrations';

/** The platform schema: its entities and the migrations that build it. */
export const PLATFORM_SCHEMA = { name: 'platform', entities: PLATFORM_ENTITIES, migrations: PLATFORM_MIGRATIONS };
