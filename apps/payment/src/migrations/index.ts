import { Initial1795439228580 } from './1795439228580-Initial';
import { SeedCatalogue1795439228581 } from './1795439228581-SeedCatalogue';
import { OutboxTraceparent1796716800000 } from './1796716800000-OutboxTraceparent';
import { SubscriptionPaused1796800000003 } from './1796800000003-SubscriptionPaused';
import { OrderNumberSequence1796900000000 } from './1796900000000-OrderNumberSequence';

export const PAYMENT_MIGRATIONS = [
  Initial1795439228580,
  SeedCatalogue1795439228581,
  OutboxTraceparent1796716800000,
  SubscriptionPaused1796800000003,
  OrderNumberSequence1796900000000,
];
