import type { GdprDataMap } from '@sf/events';

/**
 * Admin's projections of the account. The audit log is kept (insert-only, hash-chained: the
 * record of who did what, GDPR requests included) and so are the GDPR requests themselves, the
 * proof that the export or erasure was done (ADR 0016).
 */
export const ADMIN_GDPR_DATA: GdprDataMap = {
  tables: [
    { table: 'account_activities' },
    { table: 'account_subscriptions' },
    { table: 'role_assignments' },
    { table: 'permission_overrides' },
    { table: 'idempotency_records', exported: false },
    { table: 'accounts' },
    { table: 'audit_log', where: 'user_id = $1 OR actor_id = $1', erase: 'keep' },
  ],
};
