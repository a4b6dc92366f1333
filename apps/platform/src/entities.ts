import { ENTITLEMENT_ENTITIES } from '@sf/entitlements';
import { EVENT_ENTITIES } from '@sf/events';
import { Activity, PlatformUser, UsageItem } from './dashboard/dashboard.entity';
import { SavedSearch, SearchDocument, SearchQueryLog } from './search/search.entity';

export const PLATFORM_ENTITIES = [
  PlatformUser,
  UsageItem,
  Activity,
  SearchDocument,
  SavedSearch,
  SearchQueryLog,
  ...ENTITLEMENT_ENTITIES,
  ...EVENT_ENTITIES,
];
