import { EVENT_ENTITIES } from '@sf/events';

export const PAYMENT_ENTITIES = [...EVENT_ENTITIES];
