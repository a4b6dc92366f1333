import { Initial1796628944894 } from './1796628944894-Initial';
import { UserTimeZones1796631367335 } from './1796631367335-UserTimeZones';

export const AUTOMATION_MIGRATIONS = [Initial1796628944894, UserTimeZones1796631367335];
