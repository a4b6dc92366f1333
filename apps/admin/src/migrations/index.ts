import { Initial1796619535015 } from './1796619535015-Initial';
import { AuditLogInsertOnly1796619535016 } from './1796619535016-AuditLogInsertOnly';
import { EventHistory1796800000000 } from './1796800000000-EventHistory';

export const ADMIN_MIGRATIONS = [Initial1796619535015, AuditLogInsertOnly1796619535016, EventHistory1796800000000];
