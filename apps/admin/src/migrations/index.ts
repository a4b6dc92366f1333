import { Initial1796619535015 } from './1796619535015-Initial';
import { AuditLogInsertOnly1796619535016 } from './1796619535016-AuditLogInsertOnly';

export const ADMIN_MIGRATIONS = [Initial1796619535015, AuditLogInsertOnly1796619535016];
