import { PAYMENT_ENTITIES } from './entities';
import { PAYMENT_MIGRATIONS } from './migrations';

/** The payment schema: its entities and the migrations that build it. */
export const PAYMENT_SCHEMA = { name: 'payment', entities: PAYMENT_ENTITIES, migrations: PAYMENT_MIGRATIONS };
