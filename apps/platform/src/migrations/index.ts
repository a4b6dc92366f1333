import { Initial1796618333775 } from './1796618333775-Initial';

export const PLATFORM_MIGRATIONS = [Initial1796618333775];
