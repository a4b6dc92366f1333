import { Initial1796618222312 } from './1796618222312-Initial';

export const ADMIN_MIGRATIONS = [Initial1796618222312];
