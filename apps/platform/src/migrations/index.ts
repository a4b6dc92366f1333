import { Initial1796618036968 } from './1796618036968-Initial';

export const PLATFORM_MIGRATIONS = [Initial1796618036968];
