import type { GdprDataMap } from '@sf/events';

/** Everything SNS keeps is the user's own; platform tokens are encrypted and never exported. */
export const SNS_GDPR_DATA: GdprDataMap = {
  tables: [
    { table: 'metric_snapshots' },
    { table: 'post_targets' },
    { table: 'posts' },
    { table: 'automations' },
    { table: 'campaigns' },
    { table: 'follower_counts' },
    { table: 'competitors' },
    { table: 'link_clicks' },
    { table: 'bio_links' },
    { table: 'bio_pages' },
    { table: 'accounts' },
    { table: 'files' },
    { table: 'settings' },
    { table: 'ai_usage' },
    { table: 'idempotency_records', exported: false },
    { table: 'entitlements' },
  ],
};
