import { EventTables1795438241896 } from './1795438241896-EventTables';

export const PAYMENT_MIGRATIONS = [EventTables1795438241896];
