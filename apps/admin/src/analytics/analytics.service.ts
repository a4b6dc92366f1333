import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import {
  AnalyticsExportQuery,
  BinaryReply,
  CohortQuery,
  CohortView,
  FunnelQuery,
  FunnelStep,
  FunnelView,
  GatewayEvents,
  LtvRow,
  LtvView,
  OverviewView,
  PeriodQuery,
  RetentionView,
  SERVICES,
} from '@sf/contracts';
import { ValidationFailed } from '@sf/errors';
import { csvField } from '../audit/audit.service';
import { ACTIVITY_EXCLUDED, MetricsService } from '../metrics/metrics.service';
import { revenueNow, SubscriptionsService } from '../subscriptions/subscriptions.service';
import { monthStart, Period, ratio, resolvePeriod } from '../reporting/period';

/** A step the history has no event of its own for: a subscription's second or later charge. */
export const RENEWED_STEP = 'subscription.renewed';
export const DEFAULT_FUNNEL = ['user.registered', 'subscription.created', 'payment.completed', RENEWED_STEP];

/** Every event type a funnel step may name. */
const KNOWN_TYPES = new Set<string>([
  ...SERVICES.flatMap((s) => (s.events ? Object.keys(s.events.types) : [])),
  ...Object.keys(GatewayEvents.types),
  RENEWED_STEP,
]);

const ACTIVITY_METHOD =
  'An account belongs to the cohort of the UTC month of its user.registered event; it is active in a month when the event history ' +
  `holds an event of its own then (any type but ${ACTIVITY_EXCLUDED.join(', ')}). Month 0 is the signup month.`;

/** Months from `from`'s month to `to`'s month (0 for the same month). */
function monthsBetween(from: Date, to: Date): number {
  return (to.getUTCFullYear() - from.getUTCFullYear()) * 12 + (to.getUTCMonth() - from.getUTCMonth());
}

interface CohortCounts {
  cohorts: { cohort: string; size: number; columns: number }[];
  /** cohort → k → accounts active in month k. */
  active: Map<string, Map<number, number>>;
  /** cohort → k → accounts whose last active month is k. */
  last: Map<string, Map<number, number>>;
}

/** Cohort, funnel, retention and lifetime-value analyses over the event history. */
@Injectable()
export class AnalyticsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly metrics: MetricsService,
    private readonly subscriptions: SubscriptionsService,
  ) {}

  /** Signup months in the period (default: the last 6 months, this one included). */
  private cohortPeriod(query: CohortQuery): Period {
    const now = new Date();
    return resolvePeriod({ date_from: query.date_from ?? monthStart(now, -5).toISOString(), date_to: query.date_to });
  }

  private async cohortCounts(query: CohortQuery): Promise<CohortCounts> {
    const period = this.cohortPeriod(query);
    const followed = query.months ?? 12;
    const now = new Date();
    const sizes = (await this.dataSource.query(
      `WITH signups AS (SELECT subject_user AS u, min(time) AS at FROM event_history
                         WHERE type = 'user.registered' AND subject_user IS NOT NULL GROUP BY 1)
       SELECT to_char(at AT TIME ZONE 'UTC', 'YYYY-MM') AS cohort, count(*)::int AS size FROM signups
        WHERE at >= $1 AND at < $2 GROUP BY 1 ORDER BY 1`,
      [period.start, period.end],
    )) as { cohort: string; size: number }[];
    const rows = (await this.dataSource.query(
      `WITH signups AS (SELECT subject_user AS u, min(time) AS at FROM event_history
                         WHERE type = 'user.registered' AND subject_user IS NOT NULL GROUP BY 1),
            members AS (SELECT u, date_trunc('month', at AT TIME ZONE 'UTC') AS cm FROM signups WHERE at >= $1 AND at < $2),
            activity AS (
              SELECT DISTINCT m.u, m.cm,
                     ((extract(year FROM h.time AT TIME ZONE 'UTC') - extract(year FROM m.cm)) * 12
                      + extract(month FROM h.time AT TIME ZONE 'UTC') - extract(month FROM m.cm))::int AS k
                FROM members m JOIN event_history h ON h.subject_user = m.u AND h.type <> ALL($3)),
            per_user AS (SELECT u, cm, max(k) AS last_k FROM activity WHERE k >= 0 GROUP BY 1, 2)
       SELECT 'active' AS kind, to_char(cm, 'YYYY-MM') AS cohort, k, count(*)::int AS n FROM activity WHERE k >= 0 GROUP BY 2, 3
       UNION ALL
       SELECT 'last', to_char(cm, 'YYYY-MM'), last_k, count(*)::int FROM per_user GROUP BY 2, 3`,
      [period.start, period.end, ACTIVITY_EXCLUDED],
    )) as { kind: 'active' | 'last'; cohort: string; k: number; n: number }[];
    const active = new Map<string, Map<number, number>>();
    const last = new Map<string, Map<number, number>>();
    for (const r of rows) {
      const target = r.kind === 'active' ? active : last;
      if (!target.has(r.cohort)) target.set(r.cohort, new Map());
      target.get(r.cohort)!.set(r.k, r.n);
    }
    return {
      cohorts: sizes.map((s) => ({
        ...s,
        columns: Math.min(followed, monthsBetween(new Date(`${s.cohort}-01T00:00:00Z`), now) + 1),
      })),
      active,
      last,
    };
  }

  async cohort(query: CohortQuery): Promise<CohortView> {
    const counts = await this.cohortCounts(query);
    const cohorts = counts.cohorts.map((c) => {
      const active = Array.from({ length: c.columns }, (_, k) => counts.active.get(c.cohort)?.get(k) ?? 0);
      return { cohort: c.cohort, size: c.size, active, rates: active.map((a) => ratio(a, c.size) ?? 0) };
    });
    return {
      cohorts,
      method: `${ACTIVITY_METHOD} active[k] counts the cohort's accounts active in month k; rates[k] = active[k] / size.`,
      notes: cohorts.length ? [] : ['No account registered in the period.'],
    };
  }

  async retention(query: CohortQuery): Promise<RetentionView> {
    const counts = await this.cohortCounts(query);
    const cohorts = counts.cohorts.map((c) => {
      const last = counts.last.get(c.cohort) ?? new Map<number, number>();
      // Retained in month k: the account's last active month is k or later.
      const retained = Array.from({ length: c.columns }, (_, k) =>
        [...last].filter(([lastK]) => lastK >= k).reduce((s, [, n]) => s + n, 0),
      );
      return { cohort: c.cohort, size: c.size, retained, rates: retained.map((r) => ratio(r, c.size) ?? 0) };
    });
    return {
      cohorts,
      method: `${ACTIVITY_METHOD} retained[k] counts the cohort's accounts active in month k or any later month; rates[k] = retained[k] / size.`,
      notes: cohorts.length ? [] : ['No account registered in the period.'],
    };
  }

  /** The first time each account reached `step` at or after the time it reached the previous one. */
  private async reach(step: string, after: Map<string, Date> | null, period: Period): Promise<Map<string, Date>> {
    const source =
      step === RENEWED_STEP
        ? `(SELECT subject_user, time FROM (
              SELECT subject_user, time, row_number() OVER (PARTITION BY subject_user, data->>'reference' ORDER BY time) AS nth
                FROM event_history WHERE type = 'payment.completed' AND data->>'reference' LIKE 'subscription:%') c WHERE nth >= 2)`
        : `(SELECT subject_user, time FROM event_history WHERE type = $1)`;
    let rows: { u: string; t: Date }[];
    if (after === null) {
      rows = (await this.dataSource.query(
        `SELECT h.subject_user AS u, min(h.time) AS t FROM ${source} h
          WHERE $1::text IS NOT NULL AND h.subject_user IS NOT NULL AND h.time >= $2 AND h.time < $3 GROUP BY 1`,
        [step, period.start, period.end],
      )) as { u: string; t: Date }[];
    } else {
      if (after.size === 0) return new Map();
      rows = (await this.dataSource.query(
        `SELECT h.subject_user AS u, min(h.time) AS t FROM ${source} h
           JOIN unnest($2::uuid[], $3::timestamptz[]) AS p(u, t) ON h.subject_user = p.u AND h.time >= p.t
          WHERE $1::text IS NOT NULL GROUP BY 1`,
        [step, [...after.keys()], [...after.values()]],
      )) as { u: string; t: Date }[];
    }
    return new Map(rows.map((r) => [r.u, r.t]));
  }

  async funnel(query: FunnelQuery): Promise<FunnelView> {
    const period = resolvePeriod(query);
    const steps = query.steps ? query.steps.split(',') : DEFAULT_FUNNEL;
    const unknown = steps.filter((s) => !KNOWN_TYPES.has(s));
    if (unknown.length) throw new ValidationFailed({ steps: [`unknown event types: ${unknown.join(', ')}`] });
    const result: FunnelStep[] = [];
    let previous: Map<string, Date> | null = null;
    let first = 0;
    for (const step of steps) {
      const reached: Map<string, Date> = await this.reach(step, previous, period);
      const users = reached.size;
      if (previous === null) first = users;
      result.push({
        step,
        users,
        rate_from_start: ratio(users, first) ?? 0,
        rate_from_previous: ratio(users, previous === null ? users : previous.size) ?? 0,
      });
      previous = reached;
    }
    const notes = result.filter((s) => s.users === 0).map((s) => `Nobody reached ${s.step}: 0.`);
    return {
      steps: result,
      method:
        `Accounts whose first step (${steps[0]}) happened in the period; each later step counts those accounts with an event of that type ` +
        `at or after the time they reached the step before. ${RENEWED_STEP}: a subscription's second or later completed charge.`,
      notes,
    };
  }

  async ltv(query: CohortQuery): Promise<LtvView> {
    const period = this.cohortPeriod(query);
    // Each account's net revenue: completed charges less refunds.
    const revenueOf = `SELECT subject_user AS u,
         sum(CASE WHEN type = 'payment.completed' THEN (data->>'amount_krw')::bigint ELSE -(data->>'amount_krw')::bigint END) AS net
       FROM event_history WHERE type IN ('payment.completed', 'payment.refunded') AND subject_user IS NOT NULL GROUP BY 1`;
    const byCohort = (await this.dataSource.query(
      `WITH signups AS (SELECT subject_user AS u, min(time) AS at FROM event_history
                         WHERE type = 'user.registered' AND subject_user IS NOT NULL GROUP BY 1),
            revenue AS (${revenueOf})
       SELECT to_char(s.at AT TIME ZONE 'UTC', 'YYYY-MM') AS key, count(*)::int AS users, COALESCE(sum(r.net), 0)::bigint AS revenue
         FROM signups s LEFT JOIN revenue r ON r.u = s.u
        WHERE s.at >= $1 AND s.at < $2 GROUP BY 1 ORDER BY 1`,
      [period.start, period.end],
    )) as { key: string; users: number; revenue: string }[];
    const byPlan = (await this.dataSource.query(
      `WITH holders AS (SELECT DISTINCT product_slug || '/' || plan_slug || '/' || plan_type AS key, user_id FROM revenue_subscriptions),
            revenue AS (${revenueOf})
       SELECT h.key, count(*)::int AS users, COALESCE(sum(r.net), 0)::bigint AS revenue
         FROM holders h LEFT JOIN revenue r ON r.u = h.user_id GROUP BY 1 ORDER BY 1`,
    )) as { key: string; users: number; revenue: string }[];
    const row = (r: { key: string; users: number; revenue: string }): LtvRow => ({
      key: r.key,
      users: r.users,
      revenue_krw: Number(r.revenue),
      mean_revenue_krw: r.users > 0 ? Math.round(Number(r.revenue) / r.users) : null,
    });
    const now = await revenueNow(this.dataSource);
    const churn = await this.subscriptions.churnOver(resolvePeriod({}, 30));
    const arpu = now.payingUsers > 0 ? Math.round(now.mrr / now.payingUsers) : null;
    const notes: string[] = [];
    if (arpu === null) notes.push('No paying account: arpu_monthly_krw and projected_ltv_krw are null.');
    if (churn.churn_rate === null) notes.push('No subscription was active 30 days ago: monthly_churn_rate is null.');
    else if (churn.churn_rate === 0)
      notes.push('No cancellation in the last 30 days: a projection from churn would be unbounded, so it is null.');
    return {
      by_cohort: byCohort.map(row),
      by_plan: byPlan.map(row),
      arpu_monthly_krw: arpu,
      monthly_churn_rate: churn.churn_rate,
      projected_ltv_krw: arpu !== null && churn.churn_rate ? Math.round(arpu / churn.churn_rate) : null,
      method:
        'by_cohort and by_plan: net revenue (completed charges less refunds, from the event history) of the accounts in the group, over their number. ' +
        'An account with subscriptions to several plans counts in each. projected_ltv_krw = ARPU (MRR / accounts with an active subscription) ' +
        '/ the monthly churn rate (subscriptions cancelled in the last 30 days over those active 30 days ago).',
      notes,
    };
  }

  async overview(query: PeriodQuery): Promise<OverviewView> {
    const period = resolvePeriod(query);
    const [events] = (await this.dataSource.query(`SELECT count(*)::int AS n FROM event_history WHERE time >= $1 AND time < $2`, [
      period.start,
      period.end,
    ])) as { n: number }[];
    const users = await this.metrics.users(query);
    const revenue = await this.metrics.revenue(query);
    const engagement = await this.metrics.engagement(query);
    return {
      users,
      revenue,
      engagement,
      events_in_period: events.n,
      notes: events.n === 0 ? ['The event history holds nothing in the period.'] : [],
    };
  }

  /** One report as a document (JSON) or its main table (CSV). */
  async export(query: AnalyticsExportQuery): Promise<BinaryReply> {
    const report = query.report ?? 'overview';
    const format = query.format ?? 'csv';
    const view = await this.report(report, query);
    const stamp = new Date().toISOString().slice(0, 10);
    if (format === 'json') {
      return {
        content_type: 'application/json',
        filename: `analytics-${report}-${stamp}.json`,
        content_base64: Buffer.from(JSON.stringify({ report, generated_at: new Date().toISOString(), ...view })).toString('base64'),
      };
    }
    const rows = tableOf(view);
    const columns = [...new Set(rows.flatMap((r) => Object.keys(r)))];
    const lines = [columns.join(','), ...rows.map((r) => columns.map((c) => csvField(r[c])).join(','))];
    return {
      content_type: 'text/csv; charset=utf-8',
      filename: `analytics-${report}-${stamp}.csv`,
      content_base64: Buffer.from(lines.join('\n') + '\n').toString('base64'),
    };
  }

  private report(report: NonNullable<AnalyticsExportQuery['report']>, query: AnalyticsExportQuery): Promise<object> {
    switch (report) {
      case 'overview':
        return this.overview(query);
      case 'revenue':
        return this.metrics.revenue(query);
      case 'users':
        return this.metrics.users(query);
      case 'engagement':
        return this.metrics.engagement(query);
      case 'performance':
        return this.metrics.health(query);
      case 'cohort':
        return this.cohort(query);
      case 'retention':
        return this.retention(query);
      case 'funnel':
        return this.funnel(query);
      case 'ltv':
        return this.ltv(query);
    }
  }
}

/** The rows of a report's main table: its first list of objects, else one row of its figures (nested ones as `a.b`). */
export function tableOf(view: object): Record<string, unknown>[] {
  const list = Object.values(view).find((v) => Array.isArray(v) && v.length > 0 && typeof v[0] === 'object' && v[0] !== null) as
    Record<string, unknown>[] | undefined;
  const flat = (value: object, prefix = ''): Record<string, unknown> =>
    Object.fromEntries(
      Object.entries(value).flatMap(([k, v]) => {
        if (v && typeof v === 'object' && !Array.isArray(v)) return Object.entries(flat(v as object, `${prefix}${k}.`));
        return [[`${prefix}${k}`, Array.isArray(v) ? v.map((x) => (typeof x === 'object' ? JSON.stringify(x) : String(x))).join(';') : v]];
      }),
    );
  return list ? list.map((r) => flat(r)) : [flat(view)];
}
