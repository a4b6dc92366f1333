import { Initial1796618333775 } from './1796618333775-Initial';
import { Translations1796618610575 } from './1796618610575-Translations';
import { SearchSuggestions1796619503332 } from './1796619503332-SearchSuggestions';

export const PLATFORM_MIGRATIONS = [Initial1796618333775, Translations1796618610575, SearchSuggestions1796619503332];
