import { Initial1795439228580 } from './1795439228580-Initial';
import { SeedCatalogue1795439228581 } from './1795439228581-SeedCatalogue';

export const PAYMENT_MIGRATIONS = [Initial1795439228580, SeedCatalogue1795439228581];
