import { Type } from 'class-transformer';
import { IsIn, IsInt, IsISO8601, IsOptional, IsString, IsUUID, Matches, ValidateNested } from 'class-validator';
import { endpoint } from '../common/endpoint';
import { ListMeta, PageQuery, sortValues } from '../common/pagination';

export const HISTORY_TYPES = ['invoice', 'payment'] as const;

export class HistoryEntryView {
  @IsUUID() id: string;
  @IsIn(HISTORY_TYPES) type: string;
  @IsISO8601() date: string;
  @IsInt() amount_krw: number;
  @IsIn(['KRW']) currency: 'KRW';
  @IsString() status: string;
  @IsString() description: string;
  /** Invoice number, or the payment's reference. */
  @IsOptional() @IsString() reference: string | null;
}

export class HistoryListView extends ListMeta {
  @ValidateNested({ each: true }) @Type(() => HistoryEntryView) history: HistoryEntryView[];
}

export const HISTORY_SORT_FIELDS = ['date', 'amount_krw'] as const;

/** `status`: paid (paid invoices, completed payments), pending (draft/issued, pending) or any stored status. */
export class HistoryQuery extends PageQuery {
  @IsOptional() @IsIn(['paid', 'pending', 'failed', 'refunded', 'canceled', 'draft', 'issued', 'completed', 'expired']) status?: string;
  @IsOptional() @IsIn(HISTORY_TYPES) type?: string;
  @IsOptional() @IsISO8601({ strict: true }) start_date?: string;
  @IsOptional() @IsISO8601({ strict: true }) end_date?: string;
  @IsOptional() @IsISO8601({ strict: true }) date_from?: string;
  @IsOptional() @IsISO8601({ strict: true }) date_to?: string;
  @IsOptional() @IsIn(sortValues(HISTORY_SORT_FIELDS)) sort?: string;
  @IsOptional() @IsIn(HISTORY_SORT_FIELDS) sort_by?: string;
}

export class StatementView {
  /** `YYYY-MM`. */
  @IsString() month: string;
  @IsInt() invoice_count: number;
  @IsInt() invoiced_krw: number;
  @IsInt() invoice_paid_krw: number;
  @IsInt() outstanding_krw: number;
  @IsInt() payment_count: number;
  @IsInt() payments_krw: number;
  @IsInt() refunded_krw: number;
  @IsIn(['KRW']) currency: 'KRW';
}

export class StatementListView extends ListMeta {
  @ValidateNested({ each: true }) @Type(() => StatementView) statements: StatementView[];
}

export class StatementsQuery extends PageQuery {
  /** One month, `YYYY-MM`. */
  @IsOptional() @Matches(/^\d{4}-(0[1-9]|1[0-2])$/) month?: string;
  /** The months of one year. */
  @IsOptional() @Matches(/^\d{4}$/) year?: string;
}

export const PaymentHistory = endpoint<Record<string, never>, HistoryQuery, HistoryListView>({
  method: 'GET',
  path: '/api/payment/history',
  subject: 'payment.history.list',
  access: { kind: 'user', scope: 'read:payment' },
  query: HistoryQuery,
  response: HistoryListView,
  status: 200,
  summary: "The caller's invoices and payments together, newest first, with filters",
  tag: 'payment',
});

export const PaymentStatements = endpoint<Record<string, never>, StatementsQuery, StatementListView>({
  method: 'GET',
  path: '/api/payment/statements',
  subject: 'payment.statements.list',
  access: { kind: 'user', scope: 'read:payment' },
  query: StatementsQuery,
  response: StatementListView,
  status: 200,
  summary: 'Monthly statements: invoices and payments aggregated per month',
  tag: 'payment',
});
