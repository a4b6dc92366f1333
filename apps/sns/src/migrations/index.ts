import { Initial1796621098213 } from './1796621098213-Initial';
import { PostRemovedAt1796800000004 } from './1796800000004-PostRemovedAt';

export const SNS_MIGRATIONS = [Initial1796621098213, PostRemovedAt1796800000004];
