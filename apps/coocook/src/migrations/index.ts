import { EventTables1795438244256 } from './1795438244256-EventTables';

export const COOCOOK_MIGRATIONS = [EventTables1795438244256];
