import type { GdprDataMap } from '@sf/events';
import { ObjectStore } from '../s3/object-store';

/** The user's files: deletion removes every object under the user's prefix first, then the rows. */
export function storageGdprData(store: ObjectStore): GdprDataMap {
  return {
    tables: [{ table: 'files' }, { table: 'idempotency_records', exported: false }],
    async beforeErase(userId) {
      await store.deletePrefix(`users/${userId}/`);
    },
  };
}
