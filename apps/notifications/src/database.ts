import { NOTIFICATIONS_ENTITIES } from './entities';
import { NOTIFICATIONS_MIGRATIONS } from './migrations';

/** The notifications schema: its entities and the migrations that build it. */
export const NOTIFICATIONS_SCHEMA = { name: 'notifications', entities: NOTIFICATIONS_ENTITIES, migrations: NOTIFICATIONS_MIGRATIONS };
