import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ReviewAnalyticsView, ReviewDashboardView, ReviewEarningsView, SuccessRateView, UserContext } from '@sf/contracts';

const SELECTED = `('selected','review_submitted','completed')`;

function rate(selected: number, decided: number): number {
  return decided ? Math.round((selected / decided) * 1000) / 1000 : 0;
}

/** SQL aggregates over the caller's own applications and rewards. */
@Injectable()
export class AnalyticsService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async dashboard(ctx: UserContext): Promise<ReviewDashboardView> {
    const [row] = (await this.dataSource.query(
      `SELECT
         (SELECT count(*) FROM applications WHERE user_id = $1 AND status <> 'withdrawn')::int AS total_applications,
         (SELECT count(*) FROM applications WHERE user_id = $1 AND status IN ${SELECTED})::int AS selected,
         (SELECT count(*) FROM applications WHERE user_id = $1 AND (status IN ${SELECTED} OR status = 'rejected'))::int AS decided,
         (SELECT count(*) FROM applications WHERE user_id = $1 AND status = 'selected')::int AS pending_reviews,
         (SELECT count(*) FROM applications WHERE user_id = $1 AND status = 'pending')::int AS pending_applications,
         (SELECT COALESCE(sum(amount_krw), 0) FROM rewards WHERE user_id = $1)::int AS total_rewards_krw,
         (SELECT COALESCE(sum(amount_krw), 0) FROM rewards WHERE user_id = $1 AND status = 'received')::int AS received_rewards_krw,
         (SELECT count(*) FROM accounts WHERE user_id = $1 AND deleted_at IS NULL)::int AS accounts,
         (SELECT count(*) FROM bookmarks WHERE user_id = $1)::int AS bookmarks`,
      [ctx.user_id],
    )) as (Omit<ReviewDashboardView, 'selection_rate'> & { selected: number; decided: number })[];
    const { selected, decided, ...rest } = row;
    return { ...rest, selection_rate: rate(selected, decided) };
  }

  async overview(ctx: UserContext): Promise<ReviewAnalyticsView> {
    const byPlatform = (await this.dataSource.query(
      `SELECT source_platform AS platform, count(*)::int AS applications FROM applications
        WHERE user_id = $1 AND status <> 'withdrawn' GROUP BY source_platform ORDER BY applications DESC, platform`,
      [ctx.user_id],
    )) as ReviewAnalyticsView['applications_by_platform'];
    const byCategory = (await this.dataSource.query(
      `SELECT category, count(*)::int AS applications,
              count(*) FILTER (WHERE status IN ${SELECTED})::int AS selected,
              count(*) FILTER (WHERE status IN ${SELECTED} OR status = 'rejected')::int AS decided
         FROM applications WHERE user_id = $1 AND status <> 'withdrawn' GROUP BY category ORDER BY applications DESC, category`,
      [ctx.user_id],
    )) as { category: string; applications: number; selected: number; decided: number }[];
    const earnings = await this.bySource(ctx.user_id);
    const trends = (await this.dataSource.query(
      `WITH a AS (
         SELECT to_char(date_trunc('month', applied_at AT TIME ZONE 'UTC'), 'YYYY-MM') AS month,
                count(*)::int AS applications, count(*) FILTER (WHERE status IN ${SELECTED})::int AS selected
           FROM applications WHERE user_id = $1 AND status <> 'withdrawn' GROUP BY 1),
       r AS (
         SELECT to_char(date_trunc('month', recorded_at AT TIME ZONE 'UTC'), 'YYYY-MM') AS month, sum(amount_krw)::int AS rewards_krw
           FROM rewards WHERE user_id = $1 GROUP BY 1)
       SELECT month, COALESCE(a.applications, 0) AS applications, COALESCE(a.selected, 0) AS selected, COALESCE(r.rewards_krw, 0) AS rewards_krw
         FROM a FULL JOIN r USING (month) ORDER BY month DESC LIMIT 12`,
      [ctx.user_id],
    )) as ReviewAnalyticsView['trends'];
    return {
      applications_by_platform: byPlatform,
      success_by_category: byCategory.map((c) => ({
        category: c.category,
        applications: c.applications,
        selected: c.selected,
        success_rate: rate(c.selected, c.decided),
      })),
      earnings_by_source: earnings,
      trends: trends.reverse(),
    };
  }

  async earnings(ctx: UserContext): Promise<ReviewEarningsView> {
    const [totals] = (await this.dataSource.query(
      `SELECT COALESCE(sum(amount_krw), 0)::int AS total_krw,
              COALESCE(sum(amount_krw) FILTER (WHERE status = 'received'), 0)::int AS received_krw,
              COALESCE(sum(amount_krw) FILTER (WHERE status = 'pending'), 0)::int AS pending_krw
         FROM rewards WHERE user_id = $1`,
      [ctx.user_id],
    )) as { total_krw: number; received_krw: number; pending_krw: number }[];
    const byMonth = (await this.dataSource.query(
      `SELECT to_char(date_trunc('month', recorded_at AT TIME ZONE 'UTC'), 'YYYY-MM') AS month, sum(amount_krw)::int AS total_krw
         FROM rewards WHERE user_id = $1 GROUP BY 1 ORDER BY 1`,
      [ctx.user_id],
    )) as ReviewEarningsView['by_month'];
    return { ...totals, by_month: byMonth, by_source: await this.bySource(ctx.user_id) };
  }

  async successRate(ctx: UserContext): Promise<SuccessRateView> {
    const rows = (await this.dataSource.query(
      `SELECT source_platform AS platform, count(*)::int AS applications_count,
              count(*) FILTER (WHERE status IN ${SELECTED})::int AS selected,
              count(*) FILTER (WHERE status IN ${SELECTED} OR status = 'rejected')::int AS decided,
              COALESCE(round(avg(reward_krw)), 0)::int AS avg_reward_krw
         FROM applications WHERE user_id = $1 AND status <> 'withdrawn' GROUP BY source_platform ORDER BY source_platform`,
      [ctx.user_id],
    )) as { platform: string; applications_count: number; selected: number; decided: number; avg_reward_krw: number }[];
    const platforms = rows.map((r) => ({
      platform: r.platform,
      success_rate: rate(r.selected, r.decided),
      applications_count: r.applications_count,
      avg_reward_krw: r.avg_reward_krw,
    }));
    return { platforms, total: platforms.length };
  }

  private async bySource(userId: string): Promise<ReviewEarningsView['by_source']> {
    return (await this.dataSource.query(
      `SELECT source_platform, sum(amount_krw)::int AS total_krw FROM rewards WHERE user_id = $1
        GROUP BY source_platform ORDER BY total_krw DESC, source_platform`,
      [userId],
    )) as ReviewEarningsView['by_source'];
  }
}
