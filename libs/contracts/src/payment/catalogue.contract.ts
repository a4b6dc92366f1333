import { Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Max, Min, ValidateNested } from 'class-validator';
import { TIERS, Tier } from '../common/caller-context';
import { endpoint } from '../common/endpoint';
import { ListMeta } from '../common/pagination';

export const PLAN_SLUGS = ['free', 'pro', 'enterprise'] as const;
export const PLAN_TYPES = ['monthly', 'annual'] as const;

/** `/:id` of a catalogue product (small integer ids the clients name literally). */
export class ProductIdParams {
  @Type(() => Number) @IsInt() @Min(1) @Max(1_000_000) id: number;
}

export class ProductPriceView {
  @IsIn(PLAN_SLUGS) plan_slug: string;
  @IsInt() monthly_price_krw: number;
  @IsInt() annual_price_krw: number;
}

/** A product sold by subscription; `monthly_price_krw`/`annual_price_krw` are its pro prices. */
export class ProductView {
  @IsInt() id: number;
  @IsInt() product_id: number;
  @IsString() slug: string;
  @IsString() name: string;
  @IsString() description: string;
  @IsString({ each: true }) features: string[];
  @IsInt() monthly_price_krw: number;
  @IsInt() annual_price_krw: number;
  @IsIn(['KRW']) currency: 'KRW';
  @ValidateNested({ each: true }) @Type(() => ProductPriceView) prices: ProductPriceView[];
}

export class PlanProductPriceView {
  @IsInt() product_id: number;
  @IsString() product_slug: string;
  @IsInt() monthly_price_krw: number;
  @IsInt() annual_price_krw: number;
}

/**
 * A plan level (free, pro, enterprise). A subscription is to one product at one plan level; the
 * plan's `monthly_price_krw`/`annual_price_krw` are the lowest over the products ("from"), the
 * exact price per product is in `prices`.
 */
export class PlanView {
  @IsInt() id: number;
  @IsInt() plan_id: number;
  @IsString() name: string;
  @IsIn(PLAN_SLUGS) slug: string;
  @IsIn(TIERS) tier: Tier;
  @IsString() description: string;
  @IsInt() monthly_price_krw: number;
  @IsInt() annual_price_krw: number;
  @IsIn(['KRW']) currency: 'KRW';
  @IsString({ each: true }) features: string[];
  @IsOptional() @IsInt() max_projects: number | null;
  @IsBoolean() purchasable: boolean;
  @ValidateNested({ each: true }) @Type(() => PlanProductPriceView) prices: PlanProductPriceView[];
}

export class PlanListView extends ListMeta {
  @ValidateNested({ each: true }) @Type(() => PlanView) plans: PlanView[];
}

export class ProductListView extends ListMeta {
  @ValidateNested({ each: true }) @Type(() => ProductView) products: ProductView[];
}

export const PaymentPlans = endpoint<Record<string, never>, Record<string, never>, PlanListView>({
  method: 'GET',
  path: '/api/payment/plans',
  subject: 'payment.plans.list',
  access: { kind: 'public' },
  response: PlanListView,
  status: 200,
  summary: 'Subscription plans (free, pro, enterprise) with their KRW prices per product',
  tag: 'payment',
});

export const PaymentProducts = endpoint<Record<string, never>, Record<string, never>, ProductListView>({
  method: 'GET',
  path: '/api/payment/products',
  subject: 'payment.products.list',
  access: { kind: 'public' },
  response: ProductListView,
  status: 200,
  summary: 'Products sold by subscription, with monthly and annual KRW prices and features',
  tag: 'payment',
});

export const PaymentProduct = endpoint<Record<string, never>, Record<string, never>, ProductView>({
  method: 'GET',
  path: '/api/payment/products/:id',
  subject: 'payment.products.get',
  access: { kind: 'public' },
  params: ProductIdParams,
  response: ProductView,
  status: 200,
  summary: 'One product of the catalogue',
  tag: 'payment',
});
