import { EventTables1795438243161 } from './1795438243161-EventTables';
import { FilesTable1795439444275 } from './1795439444275-FilesTable';
import { OutboxTraceparent1796716800000 } from './1796716800000-OutboxTraceparent';
import { IdempotencyRecords1796900000000 } from './1796900000000-IdempotencyRecords';

export const STORAGE_MIGRATIONS = [
  EventTables1795438243161,
  FilesTable1795439444275,
  OutboxTraceparent1796716800000,
  IdempotencyRecords1796900000000,
];
