import { Initial1796628944894 } from './1796628944894-Initial';
import { UserTimeZones1796631367335 } from './1796631367335-UserTimeZones';
import { IdempotencyRecords1796900000000 } from './1796900000000-IdempotencyRecords';

export const AUTOMATION_MIGRATIONS = [Initial1796628944894, UserTimeZones1796631367335, IdempotencyRecords1796900000000];
