import { Initial1796618403446 } from './1796618403446-Initial';

export const SNS_MIGRATIONS = [Initial1796618403446];
