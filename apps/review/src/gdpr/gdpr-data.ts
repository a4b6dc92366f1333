import type { GdprDataMap } from '@sf/events';

/**
 * The user as a reviewer and as a campaign owner. Applications others made to the user's
 * campaigns stay theirs, with the owner replaced by a stand-in id.
 */
export const REVIEW_GDPR_DATA: GdprDataMap = {
  tables: [
    { table: 'rewards' },
    { table: 'applications' },
    { table: 'applications', where: 'campaign_owner_id = $1', erase: { anonymise: { campaign_owner_id: '$2' } } },
    { table: 'campaigns', where: 'owner_id = $1' },
    { table: 'auto_apply_runs' },
    { table: 'auto_apply_rules' },
    { table: 'bookmarks' },
    { table: 'scrape_requests' },
    { table: 'accounts' },
    { table: 'user_profiles' },
    { table: 'idempotency_records', exported: false },
    { table: 'entitlements' },
  ],
};
