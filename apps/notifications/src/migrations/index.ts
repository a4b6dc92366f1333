import { Initial1796618110451 } from './1796618110451-Initial';
import { Webhooks1796618814498 } from './1796618814498-Webhooks';
import { Chat1796619368680 } from './1796619368680-Chat';
import { Recipients1796619748292 } from './1796619748292-Recipients';
import { IdempotencyRecords1796900000000 } from './1796900000000-IdempotencyRecords';

export const NOTIFICATIONS_MIGRATIONS = [
  Initial1796618110451,
  Webhooks1796618814498,
  Chat1796619368680,
  Recipients1796619748292,
  IdempotencyRecords1796900000000,
];
