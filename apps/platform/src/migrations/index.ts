import { Initial1796618333775 } from './1796618333775-Initial';
import { Translations1796618610575 } from './1796618610575-Translations';
import { SearchSuggestions1796619503332 } from './1796619503332-SearchSuggestions';
import { UnreadNotifications1796622770194 } from './1796622770194-UnreadNotifications';
import { SearchSuggestionTerms1796629010993 } from './1796629010993-SearchSuggestionTerms';
import { IdempotencyRecords1796900000000 } from './1796900000000-IdempotencyRecords';
import { SearchGeneration1796910000000 } from './1796910000000-SearchGeneration';
import { SearchQueryCounts1796920000000 } from './1796920000000-SearchQueryCounts';

export const PLATFORM_MIGRATIONS = [
  Initial1796618333775,
  Translations1796618610575,
  SearchSuggestions1796619503332,
  UnreadNotifications1796622770194,
  SearchSuggestionTerms1796629010993,
  IdempotencyRecords1796900000000,
  SearchGeneration1796910000000,
  SearchQueryCounts1796920000000,
];
