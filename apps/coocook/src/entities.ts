import { EVENT_ENTITIES } from '@sf/events';

export const COOCOOK_ENTITIES = [...EVENT_ENTITIES];
