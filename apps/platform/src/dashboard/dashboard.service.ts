import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { DashboardProductView, DashboardView, PlatformProductListView, PRODUCTS, UserContext } from '@sf/contracts';
import { Entitlements, ENTITLING_STATUSES, EntitlementView } from '@sf/entitlements';

const RECENT_ACTIVITY = 10;

interface UsageRow {
  kind: string;
  items: string;
  bytes: string;
}

/** Whether a subscription entitles now: an entitling status and a period not yet over. */
function entitles(s: EntitlementView, now = Date.now()): boolean {
  return (
    (ENTITLING_STATUSES as readonly string[]).includes(s.status) &&
    (s.current_period_end === null || Date.parse(s.current_period_end) > now)
  );
}

/** The caller's dashboard and catalogue, read from the local projections only. */
@Injectable()
export class DashboardService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly entitlements: Entitlements,
  ) {}

  async dashboard(ctx: UserContext): Promise<DashboardView> {
    const userId = ctx.user_id;
    const [user] = (await this.dataSource.query(`SELECT email, name FROM platform_users WHERE user_id = $1`, [userId])) as {
      email: string;
      name: string;
    }[];
    const subscriptions = await this.entitlements.list(userId);
    const usage = new Map(
      (
        (await this.dataSource.query(
          `SELECT kind, count(*) AS items, coalesce(sum(bytes), 0) AS bytes FROM usage_items
          WHERE user_id = $1 AND NOT gone AND (kind <> 'recipe' OR status = 'published')
          GROUP BY kind
          UNION ALL
          SELECT 'sns_post_published', count(*), 0 FROM usage_items
          WHERE user_id = $1 AND NOT gone AND kind = 'sns_post' AND status = 'published'`,
          [userId],
        )) as UsageRow[]
      ).map((r) => [r.kind, { items: Number(r.items), bytes: Number(r.bytes) }]),
    );
    const count = (kind: string) => usage.get(kind)?.items ?? 0;
    const activity = (await this.dataSource.query(`SELECT type, title, at FROM activity WHERE user_id = $1 ORDER BY at DESC, id LIMIT $2`, [
      userId,
      RECENT_ACTIVITY,
    ])) as { type: string; title: string; at: Date }[];
    const subscribed = new Set(subscriptions.filter((s) => entitles(s)).map((s) => s.product_id));
    // Only what events report: products whose service publishes nothing yet show no figures.
    const usageOf: Partial<Record<string, Record<string, number>>> = {
      coocook: { bookings: count('booking'), recipes: count('recipe') },
      'sns-auto': { posts: count('sns_post'), published: count('sns_post_published') },
      'review-campaign': { campaigns: count('review_campaign'), applications: count('review_application') },
    };
    const products: DashboardProductView[] = PRODUCTS.map((p) => ({
      id: p.id,
      slug: p.slug,
      name: p.name,
      subscribed: subscribed.has(p.id),
      usage: usageOf[p.slug] ?? {},
    }));
    return {
      user: { id: userId, name: user?.name ?? null, email: user?.email ?? null },
      subscriptions: subscriptions.map((s) => ({
        product: s.product_slug,
        product_id: s.product_id,
        plan: s.plan_slug,
        plan_type: s.plan_type,
        status: s.status,
        current_period_end: s.current_period_end,
      })),
      products,
      storage: { files: count('file'), bytes: usage.get('file')?.bytes ?? 0 },
      recent_activity: activity.map((a) => ({ type: a.type, title: a.title, at: a.at.toISOString() })),
      unread_notifications: await this.unreadNotifications(userId),
    };
  }

  /** 0 when the notifications service never reported one: every notice it makes is reported. */
  private async unreadNotifications(userId: string): Promise<number> {
    const [row] = (await this.dataSource.query(`SELECT unread_count FROM unread_notifications WHERE user_id = $1`, [userId])) as {
      unread_count: number;
    }[];
    return row?.unread_count ?? 0;
  }

  async products(ctx: UserContext): Promise<PlatformProductListView> {
    const subscriptions = await this.entitlements.list(ctx.user_id);
    const products = PRODUCTS.map((p) => {
      const own = subscriptions.filter((s) => s.product_id === p.id);
      const current = own.find((s) => entitles(s)) ?? own[0];
      return {
        id: p.id,
        slug: p.slug,
        name: p.name,
        subscribed: !!current && entitles(current),
        plan: current?.plan_slug ?? null,
        status: current?.status ?? null,
        current_period_end: current?.current_period_end ?? null,
      };
    });
    return { products, total: products.length, page: 1, limit: products.length, pages: 1 };
  }
}
