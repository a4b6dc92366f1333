import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import {
  HISTORY_SORT_FIELDS,
  HistoryEntryView,
  HistoryListView,
  HistoryQuery,
  listView,
  resolvePage,
  resolveSort,
  StatementListView,
  StatementsQuery,
  StatementView,
  UserContext,
} from '@sf/contracts';
import { ValidationFailed } from '@sf/errors';

/** What a `status` filter means over both kinds of entries. */
const STATUS_FILTERS: Record<string, { invoice: string[]; payment: string[] }> = {
  paid: { invoice: ['paid'], payment: ['completed'] },
  completed: { invoice: ['paid'], payment: ['completed'] },
  pending: { invoice: ['draft', 'issued'], payment: ['pending'] },
  failed: { invoice: [], payment: ['failed'] },
  refunded: { invoice: [], payment: ['refunded', 'partially_refunded'] },
  canceled: { invoice: ['canceled'], payment: [] },
  expired: { invoice: [], payment: ['expired'] },
  draft: { invoice: ['draft'], payment: [] },
  issued: { invoice: ['issued'], payment: [] },
};

/** A date filter: a bare date covers its whole day (UTC); a time is taken as given (UTC without offset). */
function bound(value: string | undefined, end: boolean): Date | null {
  if (!value) return null;
  const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(value);
  const date = new Date(dateOnly ? `${value}T00:00:00Z` : /[zZ]|[+-]\d{2}:?\d{2}$/.test(value) ? value : `${value}Z`);
  if (Number.isNaN(date.getTime())) return null;
  if (dateOnly && end) date.setUTCDate(date.getUTCDate() + 1);
  return date;
}

interface HistoryRow {
  id: string;
  type: 'invoice' | 'payment';
  date: Date;
  amount_krw: string;
  status: string;
  description: string;
  reference: string | null;
  total: string;
}

/** The user's invoices and payments as one history, and monthly statements of them. */
@Injectable()
export class HistoryService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async history(ctx: UserContext, query: HistoryQuery): Promise<HistoryListView> {
    const page = resolvePage(query);
    const sort = resolveSort<(typeof HISTORY_SORT_FIELDS)[number]>(query, { field: 'date', direction: 'DESC' });
    const from = bound(query.start_date ?? query.date_from, false);
    const to = bound(query.end_date ?? query.date_to, true);
    if (from && to && from >= to) throw new ValidationFailed({ end_date: ['must not be before start_date'] });
    const statuses = query.status ? STATUS_FILTERS[query.status] : null;
    const rows = (await this.dataSource.query(
      `WITH entries AS (
         SELECT id, 'invoice' AS type, COALESCE(paid_at, issued_at, created_at) AS date, total_krw AS amount_krw,
                status, 'Invoice ' || number AS description, number AS reference
           FROM invoices
          WHERE user_id = $1 AND ($2::text[] IS NULL OR status = ANY($2))
         UNION ALL
         SELECT id, 'payment', COALESCE(paid_at, created_at), amount_krw, status, description, reference
           FROM payments
          WHERE user_id = $1 AND ($3::text[] IS NULL OR status = ANY($3))
       )
       SELECT *, count(*) OVER () AS total FROM entries
        WHERE ($4::text IS NULL OR type = $4)
          AND ($5::timestamptz IS NULL OR date >= $5)
          AND ($6::timestamptz IS NULL OR date < $6)
        ORDER BY ${sort.field === 'amount_krw' ? 'amount_krw' : 'date'} ${sort.direction === 'ASC' ? 'ASC' : 'DESC'}, id
        LIMIT $7 OFFSET $8`,
      [ctx.user_id, statuses?.invoice ?? null, statuses?.payment ?? null, query.type ?? null, from, to, page.limit, page.offset],
    )) as HistoryRow[];
    const total = rows.length ? Number(rows[0].total) : await this.count(ctx.user_id, statuses, query.type ?? null, from, to);
    const entries: HistoryEntryView[] = rows.map((r) => ({
      id: r.id,
      type: r.type,
      date: new Date(r.date).toISOString(),
      amount_krw: Number(r.amount_krw),
      currency: 'KRW',
      status: r.status,
      description: r.description,
      reference: r.reference,
    }));
    return listView('history', entries, total, page);
  }

  /** The total when the page asked for is past the end (no row to read it from). */
  private async count(
    userId: string,
    statuses: { invoice: string[]; payment: string[] } | null,
    type: string | null,
    from: Date | null,
    to: Date | null,
  ) {
    const [row] = (await this.dataSource.query(
      `SELECT
         (SELECT count(*) FROM invoices WHERE user_id = $1 AND ($2::text[] IS NULL OR status = ANY($2)) AND ($4::text IS NULL OR $4 = 'invoice')
            AND ($5::timestamptz IS NULL OR COALESCE(paid_at, issued_at, created_at) >= $5) AND ($6::timestamptz IS NULL OR COALESCE(paid_at, issued_at, created_at) < $6))
       + (SELECT count(*) FROM payments WHERE user_id = $1 AND ($3::text[] IS NULL OR status = ANY($3)) AND ($4::text IS NULL OR $4 = 'payment')
            AND ($5::timestamptz IS NULL OR COALESCE(paid_at, created_at) >= $5) AND ($6::timestamptz IS NULL OR COALESCE(paid_at, created_at) < $6)) AS total`,
      [userId, statuses?.invoice ?? null, statuses?.payment ?? null, type, from, to],
    )) as { total: string }[];
    return Number(row.total);
  }

  /**
   * One statement per month (UTC) with activity, newest first: invoices issued that month (drafts
   * and canceled ones left out), what of them is paid and outstanding, and the payments received
   * and refunded.
   */
  async statements(ctx: UserContext, query: StatementsQuery): Promise<StatementListView> {
    const page = resolvePage(query);
    const rows = (await this.dataSource.query(
      `WITH inv AS (
         SELECT to_char(COALESCE(issued_at, created_at) AT TIME ZONE 'UTC', 'YYYY-MM') AS month,
                count(*) AS invoice_count,
                sum(total_krw) AS invoiced,
                sum(total_krw) FILTER (WHERE status = 'paid') AS invoice_paid
           FROM invoices
          WHERE user_id = $1 AND status IN ('issued', 'paid')
          GROUP BY 1
       ), pay AS (
         SELECT to_char(COALESCE(paid_at, created_at) AT TIME ZONE 'UTC', 'YYYY-MM') AS month,
                count(*) AS payment_count,
                sum(amount_krw) AS paid,
                sum(refunded_krw) AS refunded
           FROM payments
          WHERE user_id = $1 AND status IN ('completed', 'refunded', 'partially_refunded')
          GROUP BY 1
       ), months AS (
         SELECT COALESCE(inv.month, pay.month) AS month, inv.invoice_count, inv.invoiced, inv.invoice_paid,
                pay.payment_count, pay.paid, pay.refunded
           FROM inv FULL OUTER JOIN pay ON inv.month = pay.month
       )
       SELECT *, count(*) OVER () AS total FROM months
        WHERE ($2::text IS NULL OR month = $2) AND ($3::text IS NULL OR month LIKE $3 || '-%')
        ORDER BY month DESC
        LIMIT $4 OFFSET $5`,
      [ctx.user_id, query.month ?? null, query.year ?? null, page.limit, page.offset],
    )) as Record<string, string | null>[];
    const n = (v: string | null | undefined) => Number(v ?? 0);
    const statements: StatementView[] = rows.map((r) => ({
      month: r.month as string,
      invoice_count: n(r.invoice_count),
      invoiced_krw: n(r.invoiced),
      invoice_paid_krw: n(r.invoice_paid),
      outstanding_krw: n(r.invoiced) - n(r.invoice_paid),
      payment_count: n(r.payment_count),
      payments_krw: n(r.paid),
      refunded_krw: n(r.refunded),
      currency: 'KRW',
    }));
    return listView('statements', statements, rows.length ? n(rows[0].total) : 0, page);
  }
}
