import { Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import { DataSource } from 'typeorm';
import { CallerContext, UserView } from '@sf/contracts';
import { NotFound } from '@sf/errors';

// Postgres builds the client's view as one JSON text column, so nothing is hydrated into an
// entity and no timestamp is parsed only to be printed again. The fields and formats are those of
// `toUserView` (a test holds the two to the same output).
const ISO = `'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'`;
const SELECT_VIEWS = {
  name: 'auth_select_user_views',
  text: `SELECT id, json_build_object(
           'id', id, 'email', email, 'name', name, 'roles', roles, 'tier', tier,
           'two_factor_enabled', totp_enabled, 'avatar_url', avatar_url,
           'created_at', to_char(created_at AT TIME ZONE 'UTC', ${ISO}),
           'updated_at', to_char(updated_at AT TIME ZONE 'UTC', ${ISO}))::text AS view
           FROM users WHERE id = ANY($1::uuid[])`,
};
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MAX_BATCH = 200;

interface Waiter {
  resolve(view: UserView): void;
  reject(error: unknown): void;
}

/**
 * Reads callers' own views (`GET /me`, the hottest read). Reads that arrive in the same turn of
 * the event loop share one query (`id = ANY(...)`): under load that is one Postgres round trip
 * for a handful of requests instead of one each; alone, a read is one query as before. Every
 * read still comes from Postgres: nothing is cached.
 */
@Injectable()
export class UserViewReader {
  private pending = new Map<string, Waiter[]>();
  private scheduled = false;

  constructor(private readonly dataSource: DataSource) {}

  /** The caller's view; NOT_FOUND when the account no longer exists. */
  read(ctx: CallerContext): Promise<UserView> {
    const id = ctx.user_id?.toLowerCase();
    if (!id || !UUID.test(id)) return Promise.reject(new NotFound('User'));
    return new Promise<UserView>((resolve, reject) => {
      const waiters = this.pending.get(id);
      if (waiters) waiters.push({ resolve, reject });
      else this.pending.set(id, [{ resolve, reject }]);
      if (this.pending.size >= MAX_BATCH) return this.flush();
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  private flush(): void {
    if (this.pending.size === 0) return;
    const batch = this.pending;
    this.pending = new Map();
    this.scheduled = false;
    void this.load(batch);
  }

  private async load(batch: Map<string, Waiter[]>): Promise<void> {
    try {
      const pool = (this.dataSource.driver as unknown as { master: Pool }).master;
      const { rows } = await pool.query<{ id: string; view: string }>({ ...SELECT_VIEWS, values: [[...batch.keys()]] });
      const views = new Map(rows.map((row) => [row.id, row.view]));
      for (const [id, waiters] of batch) {
        const view = views.get(id);
        for (const waiter of waiters) {
          if (view === undefined) waiter.reject(new NotFound('User'));
          else waiter.resolve(JSON.parse(view) as UserView);
        }
      }
    } catch (error) {
      for (const waiters of batch.values()) for (const waiter of waiters) waiter.reject(error);
    }
  }
}
