import { Initial1796621098213 } from './1796621098213-Initial';

export const SNS_MIGRATIONS = [Initial1796621098213];
