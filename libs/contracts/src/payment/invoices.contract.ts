import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsEmail,
  IsIn,
  IsInt,
  IsISO8601,
  IsNumber,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { endpoint } from '../common/endpoint';
import { IdParams } from '../common/id-params';
import { ListMeta, PageQuery, sortValues } from '../common/pagination';
import { Trim } from '../common/trim';

export const INVOICE_STATUSES = ['draft', 'issued', 'paid', 'canceled'] as const;
export type InvoiceStatus = (typeof INVOICE_STATUSES)[number];

/** Largest amount of one line, in KRW. */
export const MAX_LINE_PRICE_KRW = 1_000_000_000;

export class InvoiceItemDto {
  @Trim() @IsString() @Length(1, 200) description: string;
  @Type(() => Number) @IsInt() @Min(1) @Max(100_000) quantity: number;
  @Type(() => Number) @IsInt() @Min(0) @Max(MAX_LINE_PRICE_KRW) price_krw: number;
}

/** Items (or an order's items), VAT 10% unless said otherwise, due in 30 days unless said otherwise. */
export class CreateInvoiceDto {
  @IsOptional() @IsUUID() order_id?: string;
  @IsOptional() @ArrayMinSize(1) @ArrayMaxSize(100) @ValidateNested({ each: true }) @Type(() => InvoiceItemDto) items?: InvoiceItemDto[];
  @IsOptional() @Type(() => Number) @IsNumber({ maxDecimalPlaces: 2 }) @Min(0) @Max(100) tax_percent?: number;
  @IsOptional() @Type(() => Number) @IsInt() @Min(0) @Max(365) due_days?: number;
  @IsOptional() @IsEmail() @MaxLength(254) recipient_email?: string;
  @IsOptional() @IsString() @MaxLength(2000) notes?: string;
}

export class InvoiceItemView {
  @IsString() description: string;
  @IsInt() quantity: number;
  @IsInt() price_krw: number;
  @IsInt() amount_krw: number;
}

export class InvoiceView {
  @IsUUID() id: string;
  @IsUUID() invoice_id: string;
  /** `YYYYMMDD-XXXX`: the day it was created and its sequence that day. */
  @IsString() invoice_number: string;
  @IsIn(INVOICE_STATUSES) status: InvoiceStatus;
  @ValidateNested({ each: true }) @Type(() => InvoiceItemView) items: InvoiceItemView[];
  @IsInt() subtotal_krw: number;
  @IsNumber() tax_percent: number;
  @IsInt() tax_krw: number;
  @IsInt() total_krw: number;
  @IsIn(['KRW']) currency: 'KRW';
  @IsOptional() @IsISO8601() due_date: string | null;
  @IsOptional() @IsUUID() order_id: string | null;
  @IsOptional() @IsUUID() subscription_id: string | null;
  @IsOptional() @IsString() recipient_email: string | null;
  @IsOptional() @IsString() notes: string | null;
  @IsString() pdf_url: string;
  @IsOptional() @IsString() stripe_invoice_url: string | null;
  @IsOptional() @IsISO8601() issued_at: string | null;
  @IsOptional() @IsISO8601() paid_at: string | null;
  @IsOptional() @IsISO8601() canceled_at: string | null;
  @IsOptional() @IsISO8601() sent_at: string | null;
  @IsISO8601() created_at: string;
  @IsISO8601() updated_at: string;
}

export class InvoiceListView extends ListMeta {
  @ValidateNested({ each: true }) @Type(() => InvoiceView) invoices: InvoiceView[];
}

export const INVOICE_SORT_FIELDS = ['created_at', 'total_krw', 'due_date', 'invoice_number'] as const;

export class InvoicesQuery extends PageQuery {
  @IsOptional() @IsIn(INVOICE_STATUSES) status?: string;
  @IsOptional() @IsIn(sortValues(INVOICE_SORT_FIELDS)) sort?: string;
  @IsOptional() @IsIn(INVOICE_SORT_FIELDS) sort_by?: string;
}

export class InvoiceStatusDto {
  @IsIn(INVOICE_STATUSES) status: InvoiceStatus;
}

export class SendInvoiceDto {
  @IsOptional() @IsEmail() @MaxLength(254) email?: string;
}

export const InvoiceCreate = endpoint<CreateInvoiceDto, Record<string, never>, InvoiceView>({
  method: 'POST',
  path: '/api/payment/invoice',
  aliases: [{ path: '/api/payment/invoices' }],
  subject: 'payment.invoices.create',
  access: { kind: 'user', scope: 'write:payment' },
  body: CreateInvoiceDto,
  response: InvoiceView,
  status: 201,
  idempotent: true,
  summary: 'Generate an invoice (draft) numbered YYYYMMDD-XXXX, VAT 10% by default',
  tag: 'payment',
});

export const InvoicesList = endpoint<Record<string, never>, InvoicesQuery, InvoiceListView>({
  method: 'GET',
  path: '/api/payment/invoices',
  aliases: [{ path: '/api/payment/invoice' }],
  subject: 'payment.invoices.list',
  access: { kind: 'user', scope: 'read:payment' },
  query: InvoicesQuery,
  response: InvoiceListView,
  status: 200,
  summary: "The caller's invoices",
  tag: 'payment',
});

export const InvoiceGet = endpoint<Record<string, never>, Record<string, never>, InvoiceView>({
  method: 'GET',
  path: '/api/payment/invoices/:id',
  aliases: [{ path: '/api/payment/invoice/:id' }],
  subject: 'payment.invoices.get',
  access: { kind: 'user', scope: 'read:payment' },
  params: IdParams,
  response: InvoiceView,
  status: 200,
  summary: 'One invoice of the caller',
  tag: 'payment',
});

export const InvoiceUpdateStatus = endpoint<InvoiceStatusDto, Record<string, never>, InvoiceView>({
  method: 'PUT',
  path: '/api/payment/invoices/:id/status',
  subject: 'payment.invoices.status',
  access: { kind: 'user', scope: 'write:payment' },
  params: IdParams,
  body: InvoiceStatusDto,
  response: InvoiceView,
  status: 200,
  summary: 'Move an invoice on: draft → issued → paid, or draft/issued → canceled',
  tag: 'payment',
  errors: [409],
});

export const InvoiceSend = endpoint<SendInvoiceDto, Record<string, never>, InvoiceView>({
  method: 'POST',
  path: '/api/payment/invoices/:id/send',
  subject: 'payment.invoices.send',
  access: { kind: 'user', scope: 'write:payment' },
  params: IdParams,
  body: SendInvoiceDto,
  response: InvoiceView,
  status: 200,
  summary: 'Send an invoice by email (a draft is issued first); delivery follows the invoice.sent event',
  tag: 'payment',
  errors: [409],
});

export const InvoicePdf = endpoint<Record<string, never>, Record<string, never>, void>({
  method: 'GET',
  path: '/api/payment/invoices/:id/pdf',
  subject: 'payment.invoices.pdf',
  access: { kind: 'user', scope: 'read:payment' },
  params: IdParams,
  // The answer is a PDF, not JSON.
  binary: true,
  status: 200,
  summary: 'The invoice as a PDF document (application/pdf)',
  tag: 'payment',
});

export const InvoiceDelete = endpoint<Record<string, never>, Record<string, never>, void>({
  method: 'DELETE',
  path: '/api/payment/invoices/:id',
  aliases: [{ path: '/api/payment/invoice/:id' }],
  subject: 'payment.invoices.delete',
  access: { kind: 'user', scope: 'write:payment' },
  params: IdParams,
  status: 204,
  summary: 'Delete a draft invoice (other states are kept: 409)',
  tag: 'payment',
  errors: [409],
});
