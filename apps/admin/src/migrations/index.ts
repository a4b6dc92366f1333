import { Initial1796619535015 } from './1796619535015-Initial';
import { AuditLogInsertOnly1796619535016 } from './1796619535016-AuditLogInsertOnly';
import { EventHistory1796800000000 } from './1796800000000-EventHistory';
import { GdprRequests1796629860496 } from './1796629860496-GdprRequests';
import { IdempotencyRecords1796900000000 } from './1796900000000-IdempotencyRecords';

export const ADMIN_MIGRATIONS = [
  Initial1796619535015,
  AuditLogInsertOnly1796619535016,
  GdprRequests1796629860496,
  EventHistory1796800000000,
  IdempotencyRecords1796900000000,
];
