import { Initial1796628899618 } from './1796628899618-Initial';

export const SITES_MIGRATIONS = [Initial1796628899618];
