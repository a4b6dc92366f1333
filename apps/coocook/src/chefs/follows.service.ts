import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { FeedActivityKind, FeedQuery, FeedView, FollowView, listView, resolvePage, UserContext } from '@sf/contracts';
import { ValidationFailed } from '@sf/errors';
import { returnedRows } from '@sf/database';
import { ChefsService } from './chefs.service';
import { inTransaction } from '@sf/idempotency';

interface FeedRow {
  id: string;
  kind: FeedActivityKind;
  chef_id: string;
  chef_name: string;
  subject_id: string;
  summary: string;
  data: Record<string, unknown>;
  created_at: Date;
  total: string;
}

/** Following chefs, and the feed of what the followed chefs did. */
@Injectable()
export class FollowsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly chefs: ChefsService,
  ) {}

  async follow(ctx: UserContext, chefId: string): Promise<FollowView> {
    const userId = ctx.user_id;
    return inTransaction(this.dataSource, async (manager) => {
      const chef = await this.chefs.find(manager, chefId);
      if (chef.userId === userId) throw new ValidationFailed({ id: ['is your own chef profile'] });
      const inserted = returnedRows(
        await manager.query('INSERT INTO chef_follows (user_id, chef_id) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING chef_id', [
          userId,
          chefId,
        ]),
      );
      const count = inserted.length ? await this.adjustFollowers(manager, chefId, 1) : chef.followersCount;
      return { chef_id: chefId, following: true, followers_count: count };
    });
  }

  async unfollow(ctx: UserContext, chefId: string): Promise<void> {
    const userId = ctx.user_id;
    await inTransaction(this.dataSource, async (manager) => {
      await this.chefs.find(manager, chefId);
      const deleted = returnedRows(
        await manager.query('DELETE FROM chef_follows WHERE user_id = $1 AND chef_id = $2 RETURNING chef_id', [userId, chefId]),
      );
      if (deleted.length) await this.adjustFollowers(manager, chefId, -1);
    });
  }

  async feed(ctx: UserContext, query: FeedQuery): Promise<FeedView> {
    const userId = ctx.user_id;
    const page = resolvePage(query);
    const params: unknown[] = [userId, page.limit, page.offset];
    let kindFilter = '';
    if (query.kind) {
      params.push(query.kind);
      kindFilter = 'AND a.kind = $4';
    }
    const rows = await this.dataSource.query<FeedRow[]>(
      `SELECT a.id, a.kind, a.chef_id, c.name AS chef_name, a.subject_id, a.summary, a.data, a.created_at, count(*) OVER () AS total
         FROM chef_follows f
         JOIN chef_activities a ON a.chef_id = f.chef_id
         JOIN chefs c ON c.id = a.chef_id
        WHERE f.user_id = $1 ${kindFilter}
        ORDER BY a.created_at DESC, a.id
        LIMIT $2 OFFSET $3`,
      params,
    );
    const total = rows.length
      ? Number(rows[0].total)
      : Number(
          (
            await this.dataSource.query<{ total: string }[]>(
              `SELECT count(*) AS total FROM chef_follows f JOIN chef_activities a ON a.chef_id = f.chef_id WHERE f.user_id = $1 ${kindFilter.replace('$4', '$2')}`,
              query.kind ? [userId, query.kind] : [userId],
            )
          )[0].total,
        );
    const activities = rows.map((r) => ({
      id: r.id,
      kind: r.kind,
      chef_id: r.chef_id,
      chef_name: r.chef_name,
      subject_id: r.subject_id,
      summary: r.summary,
      data: r.data,
      created_at: r.created_at.toISOString(),
    }));
    return listView('activities', activities, total, page);
  }

  private async adjustFollowers(manager: EntityManager, chefId: string, delta: number): Promise<number> {
    const rows = returnedRows<{ followers_count: number }>(
      await manager.query('UPDATE chefs SET followers_count = followers_count + $2 WHERE id = $1 RETURNING followers_count', [
        chefId,
        delta,
      ]),
    );
    return rows[0]?.followers_count ?? 0;
  }
}
