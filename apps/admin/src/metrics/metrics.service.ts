import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import Redis from 'ioredis';
import { DataSource } from 'typeorm';
import {
  EngagementMetricsView,
  HealthMetricsView,
  PeriodQuery,
  PingView,
  RevenueMetricsView,
  SourceMetricsView,
  UserMetricsView,
} from '@sf/contracts';
import { ADMIN_CONFIG, AdminConfig } from '../admin.config';
import { Period, ratio, resolvePeriod } from '../reporting/period';
import { revenueNow, SubscriptionsService } from '../subscriptions/subscriptions.service';

const DAY_MS = 86_400_000;
/** Event types that are an account's own doing (what makes it "active"). */
export const ACTIVITY_EXCLUDED = [
  'auth.login.failed',
  'auth.password_reset_requested',
  'user.deleted',
  'user.status_changed',
  'user.role_changed',
  'user.tier_changed',
];

const n = (value: unknown) => Number(value ?? 0);

/** Platform figures: SQL over the event history and the projections beside it. */
@Injectable()
export class MetricsService implements OnModuleDestroy {
  private redis: Redis | null = null;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(ADMIN_CONFIG) private readonly config: AdminConfig,
    private readonly subscriptions: SubscriptionsService,
  ) {}

  async onModuleDestroy(): Promise<void> {
    await this.redis?.quit().catch(() => undefined);
  }

  /** Today's MRR, ARR and paying accounts, kept once per UTC day (the latest reading of the day wins). */
  async snapshotToday(): Promise<void> {
    const now = await revenueNow(this.dataSource);
    await this.dataSource.query(
      `INSERT INTO revenue_snapshots (day, mrr_krw, arr_krw, active_count, paying_users) VALUES ((now() AT TIME ZONE 'UTC')::date, $1, $2, $3, $4)
       ON CONFLICT (day) DO UPDATE SET mrr_krw = EXCLUDED.mrr_krw, arr_krw = EXCLUDED.arr_krw, active_count = EXCLUDED.active_count,
         paying_users = EXCLUDED.paying_users, taken_at = now()`,
      [now.mrr, now.arr, now.active, now.payingUsers],
    );
  }

  async revenue(query: PeriodQuery): Promise<RevenueMetricsView> {
    const period = resolvePeriod(query);
    await this.snapshotToday();
    const now = await revenueNow(this.dataSource);
    const [base] = (await this.dataSource.query(
      `SELECT mrr_krw FROM revenue_snapshots WHERE day <= ($1 AT TIME ZONE 'UTC')::date ORDER BY day DESC LIMIT 1`,
      [period.start],
    )) as { mrr_krw: string }[];
    const [money] = (await this.dataSource.query(
      `SELECT COALESCE(sum((data->>'amount_krw')::bigint) FILTER (WHERE type = 'payment.completed'), 0)::bigint AS gross,
              COALESCE(sum((data->>'amount_krw')::bigint) FILTER (WHERE type = 'payment.refunded'), 0)::bigint AS refunded,
              count(*) FILTER (WHERE type = 'payment.completed')::int AS payments,
              count(*) FILTER (WHERE type = 'payment.refunded')::int AS refunds
         FROM event_history WHERE type IN ('payment.completed', 'payment.refunded') AND time >= $1 AND time < $2`,
      [period.start, period.end],
    )) as { gross: string; refunded: string; payments: number; refunds: number }[];
    const daily = (await this.dataSource.query(
      `SELECT to_char(time AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day,
              COALESCE(sum((data->>'amount_krw')::bigint) FILTER (WHERE type = 'payment.completed'), 0)::bigint AS gross,
              COALESCE(sum((data->>'amount_krw')::bigint) FILTER (WHERE type = 'payment.refunded'), 0)::bigint AS refunded
         FROM event_history WHERE type IN ('payment.completed', 'payment.refunded') AND time >= $1 AND time < $2
        GROUP BY 1 ORDER BY 1`,
      [period.start, period.end],
    )) as { day: string; gross: string; refunded: string }[];
    const notes: string[] = [];
    const baseMrr = base ? n(base.mrr_krw) : null;
    let growth: number | null = null;
    if (baseMrr === null) notes.push('No daily revenue snapshot at or before the period start: growth_rate_pct is null.');
    else if (baseMrr === 0) notes.push('MRR was 0 at the period start: growth_rate_pct is null.');
    else growth = Math.round(((now.mrr - baseMrr) / baseMrr) * 10_000) / 100;
    if (now.payingUsers === 0) notes.push('No account holds an active subscription: avg_revenue_per_user is null.');
    if (money.payments === 0) notes.push('No charge completed in the period.');
    return {
      period_start: period.start.toISOString(),
      period_end: period.end.toISOString(),
      total_mrr_krw: now.mrr,
      total_arr_krw: now.arr,
      avg_revenue_per_user: now.payingUsers > 0 ? Math.round(now.mrr / now.payingUsers) : null,
      growth_rate_pct: growth,
      gross_revenue_krw: n(money.gross),
      refunded_krw: n(money.refunded),
      net_revenue_krw: n(money.gross) - n(money.refunded),
      payments_count: money.payments,
      refunds_count: money.refunds,
      daily: daily.map((d) => ({ day: d.day, gross_krw: n(d.gross), refunded_krw: n(d.refunded) })),
      notes,
    };
  }

  /** Accounts with their own activity in `[start, end)`. */
  private async activeUsers(period: Period): Promise<number> {
    const [row] = (await this.dataSource.query(
      `SELECT count(DISTINCT subject_user)::int AS n FROM event_history
        WHERE subject_user IS NOT NULL AND time >= $1 AND time < $2 AND type <> ALL($3)`,
      [period.start, period.end, ACTIVITY_EXCLUDED],
    )) as { n: number }[];
    return row.n;
  }

  async users(query: PeriodQuery): Promise<UserMetricsView> {
    const period = resolvePeriod(query);
    const now = new Date();
    const last30 = { start: new Date(now.getTime() - 30 * DAY_MS), end: new Date(now.getTime() + 1) };
    const [counts] = (await this.dataSource.query(
      `SELECT count(*) FILTER (WHERE type = 'user.registered')::int AS total,
              count(*) FILTER (WHERE type = 'user.registered' AND time >= $1)::int AS new_7d,
              count(*) FILTER (WHERE type = 'user.registered' AND time >= $2 AND time < $3)::int AS new_period,
              count(*) FILTER (WHERE type = 'user.deleted')::int AS deleted
         FROM event_history WHERE type IN ('user.registered', 'user.deleted')`,
      [new Date(now.getTime() - 7 * DAY_MS), period.start, period.end],
    )) as { total: number; new_7d: number; new_period: number; deleted: number }[];
    const [older] = (await this.dataSource.query(
      `WITH cohort AS (SELECT DISTINCT subject_user AS u FROM event_history WHERE type = 'user.registered' AND time < $1 AND subject_user IS NOT NULL)
       SELECT count(*)::int AS size,
              count(*) FILTER (WHERE EXISTS (SELECT 1 FROM event_history h WHERE h.subject_user = cohort.u AND h.time >= $1
                                             AND h.type <> ALL($2)))::int AS retained
         FROM cohort`,
      [last30.start, ACTIVITY_EXCLUDED],
    )) as { size: number; retained: number }[];
    const churn = await this.subscriptions.churnOver(period);
    const notes: string[] = [];
    if (counts.total === 0) notes.push('No registration in the event history.');
    if (older.size === 0) notes.push('No account registered before the last 30 days: retention_rate is null.');
    if (churn.churn_rate === null) notes.push('No subscription active at the period start: churn_rate is null.');
    return {
      total_users: counts.total - counts.deleted,
      new_users_7d: counts.new_7d,
      new_users_in_period: counts.new_period,
      active_users: await this.activeUsers(last30),
      churn_rate: churn.churn_rate,
      retention_rate: ratio(older.retained, older.size),
      notes,
    };
  }

  async engagement(query: PeriodQuery): Promise<EngagementMetricsView> {
    const period = resolvePeriod(query);
    const [posts] = (await this.dataSource.query(
      `SELECT count(*) FILTER (WHERE type IN ('post.created', 'recipe.published'))::int AS posts,
              count(*) FILTER (WHERE type LIKE 'engagement.%')::int AS engagements
         FROM event_history WHERE time >= $1 AND time < $2 AND source IN ('sns', 'coocook')`,
      [period.start, period.end],
    )) as { posts: number; engagements: number }[];
    const trending = (await this.dataSource.query(
      `SELECT type, count(*)::int AS count FROM event_history WHERE time >= $1 AND time < $2 AND source <> 'gateway'
        GROUP BY type ORDER BY count(*) DESC, type LIMIT 10`,
      [period.start, period.end],
    )) as { type: string; count: number }[];
    const activity = (await this.dataSource.query(
      `SELECT source, count(*)::int AS events, count(DISTINCT subject_user)::int AS users FROM event_history
        WHERE time >= $1 AND time < $2 AND source <> 'gateway' GROUP BY source ORDER BY source`,
      [period.start, period.end],
    )) as { source: string; events: number; users: number }[];
    const notes = posts.posts === 0 ? ['No post or recipe published in the period: avg_engagement_rate is null.'] : [];
    return {
      total_posts: posts.posts,
      avg_engagement_rate: ratio(posts.engagements, posts.posts),
      trending_content: trending,
      user_activity: activity,
      notes,
    };
  }

  /** Events of one source per type, and per value of `breakdownKey` in their data. */
  async source(source: 'sns' | 'review', breakdownKeys: string[], query: PeriodQuery): Promise<SourceMetricsView> {
    const period = resolvePeriod(query);
    const rows = (await this.dataSource.query(
      `SELECT type, count(*)::int AS count FROM event_history WHERE source = $1 AND time >= $2 AND time < $3 GROUP BY type ORDER BY type`,
      [source, period.start, period.end],
    )) as { type: string; count: number }[];
    const breakdown: Record<string, Record<string, number>> = {};
    for (const key of breakdownKeys) {
      const values = (await this.dataSource.query(
        `SELECT data->>$4 AS value, count(*)::int AS count FROM event_history
          WHERE source = $1 AND time >= $2 AND time < $3 AND data ? $4 GROUP BY 1 ORDER BY 1`,
        [source, period.start, period.end, key],
      )) as { value: string; count: number }[];
      breakdown[key] = Object.fromEntries(values.map((v) => [v.value, v.count]));
    }
    return {
      source,
      events: Object.fromEntries(rows.map((r) => [r.type, r.count])),
      breakdown,
      notes: rows.length === 0 ? [`No ${source} event in the period.`] : [],
    };
  }

  private async ping(run: () => Promise<unknown>): Promise<PingView> {
    const started = process.hrtime.bigint();
    try {
      await Promise.race([run(), new Promise((_, reject) => setTimeout(() => reject(new Error('no answer within 2 s')), 2000).unref())]);
      return { ok: true, latency_ms: Number(process.hrtime.bigint() - started) / 1e6, error: null };
    } catch (error) {
      return { ok: false, latency_ms: null, error: error instanceof Error ? error.message : String(error) };
    }
  }

  private pingRedis(): Promise<PingView> {
    const url = this.config.redisUrl;
    if (!url) return Promise.resolve({ ok: false, latency_ms: null, error: 'REDIS_URL is not configured' });
    this.redis ??= new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1, enableOfflineQueue: true });
    const redis = this.redis;
    return this.ping(async () => {
      if (redis.status === 'wait') await redis.connect();
      await redis.ping();
    });
  }

  async health(query: PeriodQuery): Promise<HealthMetricsView> {
    const period = resolvePeriod(query, 1);
    // One statement, so the per-service sums and the minute counts come from one snapshot: two
    // queries could straddle an arriving summary and report its minute without its requests.
    const [row] = (await this.dataSource.query(
      `WITH summaries AS (
         SELECT data FROM event_history WHERE type = 'traffic.summarized' AND time >= $1 AND time < $2
       ), per_service AS (
         SELECT s->>'service' AS service, sum((s->>'requests')::bigint)::bigint AS requests,
                sum((s->>'errors')::bigint)::bigint AS errors, sum((s->>'duration_ms_sum')::float8) AS duration
           FROM summaries, jsonb_array_elements(data->'services') s
          GROUP BY 1
       )
       SELECT (SELECT coalesce(jsonb_agg(to_jsonb(p) ORDER BY p.service), '[]'::jsonb) FROM per_service p) AS services,
              (SELECT count(DISTINCT data->>'minute')::int FROM summaries) AS minutes,
              (SELECT count(DISTINCT data->>'minute')::int FROM summaries
                WHERE EXISTS (SELECT 1 FROM jsonb_array_elements(data->'services') s WHERE (s->>'errors')::int > 0)) AS bad`,
      [period.start, period.end],
    )) as {
      services: { service: string; requests: string | number; errors: string | number; duration: number }[];
      minutes: number;
      bad: number;
    }[];
    const services = row.services;
    const minutes = { minutes: row.minutes, bad: row.bad };
    const requests = services.reduce((sum, s) => sum + n(s.requests), 0);
    const errors = services.reduce((sum, s) => sum + n(s.errors), 0);
    const duration = services.reduce((sum, s) => sum + n(s.duration), 0);
    const notes = minutes.minutes === 0 ? ['No traffic summary from the gateway in the period: the traffic figures are null.'] : [];
    return {
      api_uptime_pct: minutes.minutes > 0 ? Math.round(((minutes.minutes - minutes.bad) / minutes.minutes) * 10_000) / 100 : null,
      error_rate: ratio(errors, requests),
      avg_response_time_ms: requests > 0 ? Math.round((duration / requests) * 100) / 100 : null,
      requests,
      services: services.map((s) => ({
        service: s.service,
        requests: n(s.requests),
        errors: n(s.errors),
        error_rate: ratio(n(s.errors), n(s.requests)),
        avg_response_time_ms: n(s.requests) > 0 ? Math.round((n(s.duration) / n(s.requests)) * 100) / 100 : null,
      })),
      minutes: minutes.minutes,
      database_health: await this.ping(() => this.dataSource.query('SELECT 1')),
      redis_health: await this.pingRedis(),
      notes,
    };
  }
}
