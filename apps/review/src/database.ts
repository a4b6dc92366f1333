import { REVIEW_ENTITIES } from './entities';
import { REVIEW_MIGRATIONS } from './migrations';

/** The review schema: its entities and the migrations that build it. */
export const REVIEW_SCHEMA = { name: 'review', entities: REVIEW_ENTITIES, migrations: REVIEW_MIGRATIONS };
