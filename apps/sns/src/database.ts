import { SNS_ENTITIES } from './entities';
import { SNS_MIGRATIONS } from './migrations';

/** The sns schema: its entities and the migrations that build it. */
export const SNS_SCHEMA = { name: 'sns', entities: SNS_ENTITIES, migrations: SNS_MIGRATIONS };
