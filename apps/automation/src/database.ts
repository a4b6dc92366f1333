import { AUTOMATION_ENTITIES } from './entities';
import { AUTOMATION_MIGRATIONS } from './migrations';

/** The automation schema: its entities and the migrations that build it. */
export const AUTOMATION_SCHEMA = { name: 'automation', entities: AUTOMATION_ENTITIES, migrations: AUTOMATION_MIGRATIONS };
