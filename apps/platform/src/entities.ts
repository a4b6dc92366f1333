import { ENTITLEMENT_ENTITIES } from '@sf/entitlements';
import { EVENT_ENTITIES } from '@sf/events';
import { Activity, PlatformUser, UsageItem } from './dashboard/dashboard.entity';

export const PLATFORM_ENTITIES = [PlatformUser, UsageItem, Activity, ...ENTITLEMENT_ENTITIES, ...EVENT_ENTITIES];
