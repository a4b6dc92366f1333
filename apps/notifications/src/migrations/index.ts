import { Initial1796618110451 } from './1796618110451-Initial';
import { Webhooks1796618814498 } from './1796618814498-Webhooks';

export const NOTIFICATIONS_MIGRATIONS = [Initial1796618110451, Webhooks1796618814498];
