import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsIn,
  IsInt,
  IsISO8601,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { endpoint } from '../common/endpoint';
import { IdParams } from '../common/id-params';
import { ListMeta, PageQuery, sortValues } from '../common/pagination';
import { Trim } from '../common/trim';
import { MAX_LINE_PRICE_KRW } from './invoices.contract';

export const ORDER_STATUSES = ['pending', 'paid', 'processing', 'shipped', 'delivered', 'cancelled'] as const;

export class OrderItemDto {
  /** The item ordered: a catalogue product id or the seller's own SKU. */
  @Trim() @Type(() => String) @IsString() @Length(1, 100) product_id: string;
  @IsOptional() @Trim() @IsString() @Length(1, 200) description?: string;
  @Type(() => Number) @IsInt() @Min(1) @Max(100_000) quantity: number;
  @Type(() => Number) @IsInt() @Min(0) @Max(MAX_LINE_PRICE_KRW) price_krw: number;
}

export class CreateOrderDto {
  @ArrayMinSize(1) @ArrayMaxSize(100) @ValidateNested({ each: true }) @Type(() => OrderItemDto) items: OrderItemDto[];
  @IsOptional() @IsObject() billing_address?: Record<string, unknown>;
  @IsOptional() @IsObject() shipping_address?: Record<string, unknown>;
}

export class OrderItemView {
  @IsString() product_id: string;
  @IsOptional() @IsString() description: string | null;
  @IsInt() quantity: number;
  @IsInt() price_krw: number;
  @IsInt() amount_krw: number;
}

export class OrderView {
  @IsUUID() id: string;
  @IsUUID() order_id: string;
  /** `ORD-YYYYMMDD-XXXX`: the UTC day, then a number that is unique and increasing (not per day, not gap-free). */
  @IsString() order_number: string;
  @IsIn(ORDER_STATUSES) status: string;
  @ValidateNested({ each: true }) @Type(() => OrderItemView) items: OrderItemView[];
  @IsInt() total_krw: number;
  @IsIn(['KRW']) currency: 'KRW';
  @IsOptional() @IsObject() billing_address: Record<string, unknown> | null;
  @IsOptional() @IsObject() shipping_address: Record<string, unknown> | null;
  @IsISO8601() created_at: string;
  @IsISO8601() updated_at: string;
}

export class OrderListView extends ListMeta {
  @ValidateNested({ each: true }) @Type(() => OrderView) orders: OrderView[];
}

export const ORDER_SORT_FIELDS = ['created_at', 'total_krw'] as const;

export class OrdersQuery extends PageQuery {
  @IsOptional() @IsIn(ORDER_STATUSES) status?: string;
  @IsOptional() @IsIn(sortValues(ORDER_SORT_FIELDS)) sort?: string;
  @IsOptional() @IsIn(ORDER_SORT_FIELDS) sort_by?: string;
}

export const OrderCreate = endpoint<CreateOrderDto, Record<string, never>, OrderView>({
  method: 'POST',
  path: '/api/orders',
  subject: 'payment.orders.create',
  access: { kind: 'user', scope: 'write:payment' },
  body: CreateOrderDto,
  response: OrderView,
  status: 201,
  idempotent: true,
  summary: 'Create an order (pending); Idempotency-Key honoured',
  tag: 'orders',
});

export const OrdersList = endpoint<Record<string, never>, OrdersQuery, OrderListView>({
  method: 'GET',
  path: '/api/orders',
  subject: 'payment.orders.list',
  access: { kind: 'user', scope: 'read:payment' },
  query: OrdersQuery,
  response: OrderListView,
  status: 200,
  summary: "The caller's orders",
  tag: 'orders',
});

export const OrderGet = endpoint<Record<string, never>, Record<string, never>, OrderView>({
  method: 'GET',
  path: '/api/orders/:id',
  subject: 'payment.orders.get',
  access: { kind: 'user', scope: 'read:payment' },
  params: IdParams,
  response: OrderView,
  status: 200,
  summary: 'One order of the caller',
  tag: 'orders',
});

export const OrderCancel = endpoint<Record<string, never>, Record<string, never>, OrderView>({
  method: 'POST',
  path: '/api/orders/:id/cancel',
  subject: 'payment.orders.cancel',
  access: { kind: 'user', scope: 'write:payment' },
  params: IdParams,
  response: OrderView,
  status: 200,
  summary: 'Cancel a pending order',
  tag: 'orders',
  errors: [409],
});
