import { Initial1796628944894 } from './1796628944894-Initial';

export const AUTOMATION_MIGRATIONS = [Initial1796628944894];
