import { Initial1796620697122 } from './1796620697122-Initial';

export const SNS_MIGRATIONS = [Initial1796620697122];
