import { ENTITLEMENT_ENTITIES } from '@sf/entitlements';
import { EVENT_ENTITIES } from '@sf/events';
import { Activity, PlatformUser, UnreadNotifications, UsageItem } from './dashboard/dashboard.entity';
import { Translation } from './i18n/translation.entity';
import {
  SavedSearch,
  SearchDocument,
  SearchQueryCount,
  SearchQueryLog,
  SearchSuggestion,
  SearchSuggestionTerm,
} from './search/search.entity';
import { IDEMPOTENCY_ENTITIES } from '@sf/idempotency';

export const PLATFORM_ENTITIES = [
  ...IDEMPOTENCY_ENTITIES,
  PlatformUser,
  UsageItem,
  Activity,
  UnreadNotifications,
  SearchDocument,
  SavedSearch,
  SearchQueryLog,
  SearchQueryCount,
  SearchSuggestion,
  SearchSuggestionTerm,
  Translation,
  ...ENTITLEMENT_ENTITIES,
  ...EVENT_ENTITIES,
];
