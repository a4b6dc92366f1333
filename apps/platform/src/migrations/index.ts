import { Initial1796618333775 } from './1796618333775-Initial';
import { Translations1796618610575 } from './1796618610575-Translations';

export const PLATFORM_MIGRATIONS = [Initial1796618333775, Translations1796618610575];
