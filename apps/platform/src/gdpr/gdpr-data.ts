import type { GdprDataMap } from '@sf/events';

/** Read models built from others' events: the user's entries in each go. */
export const PLATFORM_GDPR_DATA: GdprDataMap = {
  tables: [
    { table: 'activity' },
    { table: 'saved_searches' },
    { table: 'search_queries' },
    { table: 'search_documents', where: 'owner_id = $1' },
    { table: 'usage_items' },
    { table: 'unread_notifications' },
    { table: 'idempotency_records', exported: false },
    { table: 'entitlements' },
    { table: 'platform_users' },
  ],
};
