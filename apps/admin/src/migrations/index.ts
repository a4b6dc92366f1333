import { Initial1796618506741 } from './1796618506741-Initial';

export const ADMIN_MIGRATIONS = [Initial1796618506741];
