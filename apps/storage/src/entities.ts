import { EVENT_ENTITIES } from '@sf/events';

export const STORAGE_ENTITIES = [...EVENT_ENTITIES];
