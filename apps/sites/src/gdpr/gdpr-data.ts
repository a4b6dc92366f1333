import type { DataSource } from 'typeorm';
import type { GdprDataMap } from '@sf/events';
import { SiteObjectStore } from '../objects/site-object-store';

const OWN_SITES = 'site_id IN (SELECT id FROM sites WHERE owner_id = $1)';

/**
 * The user's sites, their pages, components, published versions and the form submissions
 * visitors sent to them. Deletion takes the published pages out of S3 first (`sites/<id>/`), then
 * the rows, children first. Idempotency records are cached answers of the user's own requests:
 * deleted, not exported (the objects they describe are exported as they stand).
 */
export function sitesGdprData(dataSource: DataSource, objects: SiteObjectStore): GdprDataMap {
  return {
    tables: [
      { table: 'form_submissions', where: 'owner_id = $1' },
      { table: 'components', where: 'owner_id = $1' },
      { table: 'pages', where: 'owner_id = $1' },
      { table: 'site_versions', where: OWN_SITES },
      { table: 'sites', where: 'owner_id = $1' },
      { table: 'idempotency_records', exported: false },
      { table: 'entitlements' },
    ],
    async beforeErase(userId) {
      const sites = (await dataSource.query(`SELECT id FROM sites WHERE owner_id = $1`, [userId])) as { id: string }[];
      for (const { id } of sites) await objects.deletePrefix(`sites/${id}/`);
    },
  };
}
