import { Initial1796621098213 } from './1796621098213-Initial';
import { PostRemovedAt1796800000004 } from './1796800000004-PostRemovedAt';
import { IdempotencyRecords1796900000000 } from './1796900000000-IdempotencyRecords';

export const SNS_MIGRATIONS = [Initial1796621098213, PostRemovedAt1796800000004, IdempotencyRecords1796900000000];
