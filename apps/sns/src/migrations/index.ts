import { Initial1796619844869 } from './1796619844869-Initial';

export const SNS_MIGRATIONS = [Initial1796619844869];
