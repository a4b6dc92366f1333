import { Initial1796628899618 } from './1796628899618-Initial';
import { IdempotencyRecords1796900000000 } from './1796900000000-IdempotencyRecords';

export const SITES_MIGRATIONS = [Initial1796628899618, IdempotencyRecords1796900000000];
