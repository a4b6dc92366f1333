import { EventTables1795438243161 } from './1795438243161-EventTables';

export const STORAGE_MIGRATIONS = [EventTables1795438243161];
