import { Initial1796618329051 } from './1796618329051-Initial';
import { IdempotencyRecords1796900000000 } from './1796900000000-IdempotencyRecords';

export const REVIEW_MIGRATIONS = [Initial1796618329051, IdempotencyRecords1796900000000];
