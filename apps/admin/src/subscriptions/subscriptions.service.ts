import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { inTransaction } from '@sf/idempotency';
import {
  AdminRefundDto,
  AdminSubscriptionCancelDto,
  AdminSubscriptionUpdateDto,
  ChurnAnalysisQuery,
  ChurnAnalysisView,
  ChurnFigures,
  ChurnGroup,
  listView,
  ManagedSubscriptionListView,
  ManagedSubscriptionQuery,
  ManagedSubscriptionView,
  PaymentAdminCancelSubscription,
  PaymentAdminChangeSubscription,
  PaymentAdminRefundSubscription,
  PeriodQuery,
  PlanMixEntry,
  PRODUCTS,
  RefundView,
  resolvePage,
  resolveSort,
  SubscriptionStatsView,
  SubscriptionView,
  UserContext,
} from '@sf/contracts';
import { NotFound, ValidationFailed } from '@sf/errors';
import { RpcClient } from '@sf/messaging';
import { monthKey, monthStart, Period, ratio, resolvePeriod } from '../reporting/period';
import { AuditLog, byCaller } from '../audit/audit-log.service';
import { ENTITLING } from '../history/subscription-projection';

interface SubscriptionRow {
  subscription_id: string;
  user_id: string;
  email: string | null;
  product_id: number;
  product_slug: string;
  plan_slug: string;
  plan_type: string;
  status: string;
  amount_krw: string | null;
  cancel_at_period_end: boolean;
  paused: boolean;
  current_period_end: Date | null;
  started_at: Date;
  canceled_at: Date | null;
  updated_at: Date;
}

const SORT_COLUMNS = { created_at: 's.started_at', updated_at: 's.updated_at', amount_krw: 's.amount_krw' } as const;

/** The yearly KRW a subscription brings while it entitles: 12 × a monthly price, or the annual price; 0 while paused. */
export const YEARLY_KRW_SQL = `CASE WHEN s.paused THEN 0 WHEN s.plan_type = 'annual' THEN COALESCE(s.amount_krw, 0) ELSE 12 * COALESCE(s.amount_krw, 0) END`;

function toView(row: SubscriptionRow): ManagedSubscriptionView {
  const amount = row.amount_krw === null ? null : Number(row.amount_krw);
  const entitling = ENTITLING.includes(row.status);
  const monthly = !entitling || row.paused || amount === null ? 0 : row.plan_type === 'annual' ? Math.round(amount / 12) : amount;
  return {
    id: row.subscription_id,
    subscription_id: row.subscription_id,
    user_id: row.user_id,
    email: row.email,
    product_id: row.product_id,
    product_slug: row.product_slug,
    plan_slug: row.plan_slug,
    plan_name: `${row.product_slug} ${row.plan_slug}`,
    plan_type: row.plan_type,
    status: row.status,
    amount_krw: amount,
    monthly_krw: monthly,
    cancel_at_period_end: row.cancel_at_period_end,
    paused: row.paused,
    current_period_end: row.current_period_end?.toISOString() ?? null,
    next_billing_date: entitling && !row.cancel_at_period_end && !row.paused ? (row.current_period_end?.toISOString() ?? null) : null,
    started_at: row.started_at.toISOString(),
    canceled_at: row.canceled_at?.toISOString() ?? null,
    updated_at: row.updated_at.toISOString(),
  };
}

/** MRR and ARR of the entitling subscriptions: ARR exact, MRR = ARR / 12 rounded once. */
export async function revenueNow(dataSource: DataSource): Promise<{ mrr: number; arr: number; active: number; payingUsers: number }> {
  const [row] = (await dataSource.query(
    `SELECT COALESCE(sum(${YEARLY_KRW_SQL}), 0)::bigint AS arr, count(*)::int AS active, count(DISTINCT s.user_id) FILTER (WHERE NOT s.paused)::int AS paying
       FROM revenue_subscriptions s WHERE s.status = ANY($1)`,
    [ENTITLING],
  )) as { arr: string; active: number; paying: number }[];
  const arr = Number(row.arr);
  return { arr, mrr: Math.round(arr / 12), active: row.active, payingUsers: row.paying };
}

/**
 * Subscriptions and revenue from admin's projection of payment's events (never a call to payment
 * to read), and administrators' commands to payment, each audited.
 */
@Injectable()
export class SubscriptionsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly rpc: RpcClient,
    private readonly audit: AuditLog,
  ) {}

  private select(where: string): string {
    return `SELECT s.*, a.email FROM revenue_subscriptions s LEFT JOIN accounts a ON a.user_id = s.user_id ${where}`;
  }

  async list(_ctx: UserContext, query: ManagedSubscriptionQuery): Promise<ManagedSubscriptionListView> {
    const page = resolvePage(query);
    const sort = resolveSort<keyof typeof SORT_COLUMNS>(query, { field: 'created_at', direction: 'DESC' });
    const conditions: string[] = [];
    const params: unknown[] = [];
    const add = (sql: string, value: unknown) => {
      params.push(value);
      conditions.push(sql.replace('?', `$${params.length}`));
    };
    if (query.status) add('s.status = ?', query.status);
    if (query.plan) add('s.plan_slug = ?', query.plan);
    if (query.plan_type) add('s.plan_type = ?', query.plan_type);
    if (query.user_id) add('s.user_id = ?', query.user_id);
    if (query.product) {
      const product = PRODUCTS.find((p) => p.slug === query.product || String(p.id) === query.product);
      add('s.product_id = ?', product?.id ?? -1);
    }
    const where = conditions.length ? `WHERE ${conditions.join(' AND ')}` : '';
    const [{ total }] = (await this.dataSource.query(`SELECT count(*)::int AS total FROM revenue_subscriptions s ${where}`, params)) as {
      total: number;
    }[];
    const rows = (await this.dataSource.query(
      `${this.select(where)} ORDER BY ${SORT_COLUMNS[sort.field]} ${sort.direction} NULLS LAST, s.subscription_id
       LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, page.limit, page.offset],
    )) as SubscriptionRow[];
    return listView('subscriptions', rows.map(toView), total, page);
  }

  private async row(id: string): Promise<SubscriptionRow> {
    const [row] = (await this.dataSource.query(this.select('WHERE s.subscription_id = $1'), [id])) as SubscriptionRow[];
    if (!row) throw new NotFound('Subscription');
    return row;
  }

  async get(_ctx: UserContext, id: string): Promise<ManagedSubscriptionView> {
    return toView(await this.row(id));
  }

  /** Churn per group: of the subscriptions entitling at the period's start, those cancelled within it. */
  private async churnBy(keySql: string, period: Period): Promise<ChurnGroup[]> {
    const rows = (await this.dataSource.query(
      `SELECT key, active_at_start, cancelled FROM (
         SELECT ${keySql} AS key,
           count(*) FILTER (WHERE s.activated_at < $1 AND (s.canceled_at IS NULL OR s.canceled_at >= $1))::int AS active_at_start,
           count(*) FILTER (WHERE s.activated_at < $1 AND s.canceled_at >= $1 AND s.canceled_at < $2)::int AS cancelled
         FROM revenue_subscriptions s GROUP BY 1) g
       WHERE active_at_start > 0 ORDER BY key`,
      [period.start, period.end],
    )) as { key: string; active_at_start: number; cancelled: number }[];
    return rows.map((r) => ({ key: r.key, ...this.figures(period, r.active_at_start, r.cancelled) }));
  }

  private figures(period: Period, activeAtStart: number, cancelled: number): ChurnFigures {
    return {
      period_start: period.start.toISOString(),
      period_end: period.end.toISOString(),
      active_at_start: activeAtStart,
      cancelled,
      churn_rate: ratio(cancelled, activeAtStart),
    };
  }

  async churnOver(period: Period): Promise<ChurnFigures> {
    const [all] = await this.churnBy(`'all'`, period);
    return all ?? this.figures(period, 0, 0);
  }

  async stats(_ctx: UserContext, query: PeriodQuery): Promise<SubscriptionStatsView> {
    const period = resolvePeriod(query);
    const revenue = await revenueNow(this.dataSource);
    const [counts] = (await this.dataSource.query(
      `SELECT count(*) FILTER (WHERE status = ANY($1))::int AS active, count(*) FILTER (WHERE status IN ('canceled', 'expired'))::int AS canceled,
              count(*) FILTER (WHERE status = ANY($1) AND paused)::int AS paused
         FROM revenue_subscriptions`,
      [ENTITLING],
    )) as { active: number; canceled: number; paused: number }[];
    const mix = (await this.dataSource.query(
      `SELECT s.product_slug, s.plan_slug, s.plan_type, count(*)::int AS count, sum(${YEARLY_KRW_SQL})::bigint AS arr
         FROM revenue_subscriptions s WHERE s.status = ANY($1)
        GROUP BY 1, 2, 3 ORDER BY count(*) DESC, 1, 2, 3`,
      [ENTITLING],
    )) as { product_slug: string; plan_slug: string; plan_type: string; count: number; arr: string }[];
    const churn = await this.churnOver(period);
    const notes: string[] = [];
    if (counts.active === 0) notes.push('No active subscription: MRR and ARR are 0 and the plan mix is empty.');
    if (counts.paused > 0) notes.push(`${counts.paused} active subscriptions are paused: they count as active and add 0 to MRR.`);
    if (churn.churn_rate === null) notes.push('No subscription was active at the start of the period: churn_rate is null.');
    const unpriced = (await this.dataSource.query(
      `SELECT count(*)::int AS n FROM revenue_subscriptions WHERE status = ANY($1) AND amount_krw IS NULL`,
      [ENTITLING],
    )) as { n: number }[];
    if (unpriced[0].n > 0) notes.push(`${unpriced[0].n} active subscriptions have no known price yet and add 0 to MRR.`);
    const planMix: PlanMixEntry[] = mix.map((m) => ({
      product_slug: m.product_slug,
      plan_slug: m.plan_slug,
      plan_type: m.plan_type,
      count: m.count,
      mrr_krw: Math.round(Number(m.arr) / 12),
      share: ratio(m.count, counts.active) ?? 0,
    }));
    return {
      active_count: counts.active,
      canceled_count: counts.canceled,
      paused_count: counts.paused,
      mrr_krw: revenue.mrr,
      arr_krw: revenue.arr,
      churn_rate: churn.churn_rate,
      churn,
      plan_mix: planMix,
      notes,
      generated_at: new Date().toISOString(),
    };
  }

  async churnAnalysis(_ctx: UserContext, query: ChurnAnalysisQuery): Promise<ChurnAnalysisView> {
    const period = resolvePeriod(query);
    const months = query.months ?? 12;
    const now = new Date();
    const byMonth: ChurnGroup[] = [];
    for (let k = months - 1; k >= 0; k--) {
      const start = monthStart(now, -k);
      const end = k === 0 ? now : monthStart(now, -k + 1);
      if (start.getTime() >= end.getTime()) continue;
      byMonth.push({ key: monthKey(start), ...(await this.churnOver({ start, end })) });
    }
    const tenure = `CASE WHEN $1 - s.activated_at < interval '1 month' THEN '0-1m'
                         WHEN $1 - s.activated_at < interval '3 months' THEN '1-3m'
                         WHEN $1 - s.activated_at < interval '6 months' THEN '3-6m'
                         WHEN $1 - s.activated_at < interval '12 months' THEN '6-12m' ELSE '12m+' END`;
    const [pending] = (await this.dataSource.query(
      `SELECT count(*)::int AS n FROM revenue_subscriptions WHERE status = ANY($1) AND cancel_at_period_end`,
      [ENTITLING],
    )) as { n: number }[];
    const overall = await this.churnOver(period);
    return {
      overall,
      by_plan: await this.churnBy(`s.product_slug || '/' || s.plan_slug || '/' || s.plan_type`, period),
      by_product: await this.churnBy('s.product_slug', period),
      by_tenure: await this.churnBy(tenure, period),
      by_month: byMonth,
      pending_cancellations: pending.n,
      method:
        'churn_rate = subscriptions cancelled within the period / subscriptions entitling (active, trialing, past due) at its start; ' +
        'groups with nothing active at the start are left out. pending_cancellations counts active subscriptions set to end at their period end.',
      notes: overall.churn_rate === null ? ['No subscription was active at the start of the period: churn_rate is null.'] : [],
    };
  }

  async update(ctx: UserContext, id: string, dto: AdminSubscriptionUpdateDto): Promise<SubscriptionView> {
    if ([dto.plan_slug, dto.plan_type, dto.cancel_at_period_end, dto.pause].every((v) => v === undefined)) {
      throw new ValidationFailed({ plan_slug: ['name a plan_slug, a plan_type, cancel_at_period_end or pause'] });
    }
    const row = await this.row(id);
    const answer = await this.rpc.call(PaymentAdminChangeSubscription, {
      ctx,
      body: {
        subscription_id: id,
        plan_slug: dto.plan_slug,
        plan_type: dto.plan_type,
        cancel_at_period_end: dto.cancel_at_period_end,
        pause: dto.pause,
      },
    });
    await this.audited(ctx, row, 'admin.subscription.changed', {
      from: { plan_slug: row.plan_slug, plan_type: row.plan_type, cancel_at_period_end: row.cancel_at_period_end, paused: row.paused },
      to: {
        plan_slug: answer.plan_slug,
        plan_type: answer.plan_type,
        cancel_at_period_end: answer.cancel_at_period_end,
        paused: answer.paused,
      },
      reason: dto.reason ?? null,
    });
    return answer;
  }

  async cancel(ctx: UserContext, id: string, dto: AdminSubscriptionCancelDto): Promise<void> {
    const row = await this.row(id);
    await this.rpc.call(PaymentAdminCancelSubscription, { ctx, body: { subscription_id: id, reason: dto.reason } });
    await this.audited(ctx, row, 'admin.subscription.cancelled', { reason: dto.reason, status_before: row.status });
  }

  async refund(ctx: UserContext, id: string, dto: AdminRefundDto): Promise<RefundView> {
    const row = await this.row(id);
    const refund = await this.rpc.call(PaymentAdminRefundSubscription, {
      ctx,
      body: { subscription_id: id, amount_krw: dto.amount_krw, reason: dto.reason },
    });
    await this.audited(ctx, row, 'admin.subscription.refunded', {
      reason: dto.reason,
      refund_id: refund.refund_id,
      payment_id: refund.payment_id,
      amount_krw: refund.amount_krw,
      status: refund.status,
    });
    return refund;
  }

  private async audited(ctx: UserContext, row: SubscriptionRow, action: string, details: Record<string, unknown>): Promise<void> {
    await inTransaction(this.dataSource, (manager) =>
      this.audit.append(manager, {
        ...byCaller(ctx),
        action,
        resource_type: 'subscription',
        resource_id: row.subscription_id,
        user_id: row.user_id,
        details,
      }),
    );
  }
}
