import { ACCESS_TOKEN_TTL_SECONDS } from '@sf/contracts';
import type { GdprDataMap } from '@sf/events';
import { returnedRows } from '@sf/database';
import { AuthEventLog } from '../events/auth-event-log';

/**
 * The account and what hangs off it. Deletion removes the account last (its sessions, keys and
 * identities go with it) and announces `user.deleted`, so every token of the user is refused at once.
 */
export function authGdprData(events: AuthEventLog): GdprDataMap {
  return {
    tables: [
      { table: 'api_keys' },
      { table: 'backup_codes', exported: false },
      { table: 'password_reset_tokens', exported: false },
      { table: 'oauth_identities' },
      { table: 'sessions' },
      { table: 'user_preferences' },
      { table: 'idempotency_records', exported: false },
      { table: 'users', where: 'id = $1', erase: 'keep' },
    ],
    async afterErase(manager, userId) {
      const deleted = returnedRows(await manager.query(`DELETE FROM users WHERE id = $1 RETURNING id`, [userId]));
      if (deleted.length === 0) return; // the account was deleted before (DELETE /api/auth/account)
      const until = Date.now() + ACCESS_TOKEN_TTL_SECONDS * 1000;
      await events.record(manager, 'user.deleted', userId, { user_id: userId, until });
    },
  };
}
