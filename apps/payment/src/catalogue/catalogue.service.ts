import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { PlanChoiceDto, PlanListView, PlanView, ProductListView, ProductView, Tier } from '@sf/contracts';
import { NotFound, ValidationFailed } from '@sf/errors';
import { Plan, Price, Product } from './catalogue.entity';

export type PlanType = 'monthly' | 'annual';

/** A priced thing to subscribe to: one product at one plan level for one billing period. */
export interface PlanChoice {
  product: Product;
  plan: Plan;
  planType: PlanType;
  amountKrw: number;
}

interface Catalogue {
  products: Product[];
  plans: Plan[];
  prices: Price[];
}

/** The seeded catalogue, read once per process (it changes only by migration). */
@Injectable()
export class CatalogueService {
  private cache: Promise<Catalogue> | null = null;

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private load(): Promise<Catalogue> {
    this.cache ??= (async () => ({
      products: await this.dataSource.getRepository(Product).find({ where: { active: true }, order: { sortOrder: 'ASC', id: 'ASC' } }),
      plans: await this.dataSource.getRepository(Plan).find({ order: { sortOrder: 'ASC', id: 'ASC' } }),
      prices: await this.dataSource.getRepository(Price).find(),
    }))().catch((error: unknown) => {
      this.cache = null;
      throw error;
    });
    return this.cache;
  }

  private static amount(c: Catalogue, productId: number, planId: number, planType: PlanType): number | undefined {
    return c.prices.find((p) => p.productId === productId && p.planId === planId && p.planType === planType)?.amountKrw;
  }

  private static productView(c: Catalogue, product: Product): ProductView {
    const proPlan = c.plans.find((p) => p.slug === 'pro');
    const prices = c.plans
      .map((plan) => ({
        plan_slug: plan.slug,
        monthly_price_krw: CatalogueService.amount(c, product.id, plan.id, 'monthly') ?? 0,
        annual_price_krw: CatalogueService.amount(c, product.id, plan.id, 'annual') ?? 0,
      }))
      .filter((p) => p.plan_slug === 'free' || p.monthly_price_krw > 0 || p.annual_price_krw > 0);
    return {
      id: product.id,
      product_id: product.id,
      slug: product.slug,
      name: product.name,
      description: product.description,
      features: product.features,
      monthly_price_krw: proPlan ? (CatalogueService.amount(c, product.id, proPlan.id, 'monthly') ?? 0) : 0,
      annual_price_krw: proPlan ? (CatalogueService.amount(c, product.id, proPlan.id, 'annual') ?? 0) : 0,
      currency: 'KRW',
      prices,
    };
  }

  async plans(): Promise<PlanListView> {
    const c = await this.load();
    const plans: PlanView[] = c.plans.map((plan) => {
      const prices = c.products
        .map((product) => ({
          product_id: product.id,
          product_slug: product.slug,
          monthly_price_krw: CatalogueService.amount(c, product.id, plan.id, 'monthly') ?? 0,
          annual_price_krw: CatalogueService.amount(c, product.id, plan.id, 'annual') ?? 0,
        }))
        .filter((p) => p.monthly_price_krw > 0 || p.annual_price_krw > 0);
      const lowest = (key: 'monthly_price_krw' | 'annual_price_krw') => (prices.length ? Math.min(...prices.map((p) => p[key])) : 0);
      return {
        id: plan.id,
        plan_id: plan.id,
        name: plan.name,
        slug: plan.slug,
        tier: plan.tier as Tier,
        description: plan.description,
        monthly_price_krw: lowest('monthly_price_krw'),
        annual_price_krw: lowest('annual_price_krw'),
        currency: 'KRW',
        features: plan.features,
        max_projects: plan.maxProjects,
        purchasable: prices.length > 0,
        prices,
      };
    });
    return { plans, total: plans.length, page: 1, limit: Math.max(plans.length, 1), pages: 1 };
  }

  async products(): Promise<ProductListView> {
    const c = await this.load();
    const products = c.products.map((p) => CatalogueService.productView(c, p));
    return { products, total: products.length, page: 1, limit: Math.max(products.length, 1), pages: 1 };
  }

  async product(id: number): Promise<ProductView> {
    const c = await this.load();
    const product = c.products.find((p) => p.id === id);
    if (!product) throw new NotFound('Product');
    return CatalogueService.productView(c, product);
  }

  async productById(id: number): Promise<Product | undefined> {
    return (await this.load()).products.find((p) => p.id === id);
  }

  async planById(id: number): Promise<Plan | undefined> {
    return (await this.load()).plans.find((p) => p.id === id);
  }

  async planBySlug(slug: string): Promise<Plan | undefined> {
    return (await this.load()).plans.find((p) => p.slug === slug);
  }

  /**
   * What a checkout or subscribe body names: a product (pro plan unless a plan is named), a plan
   * (product 1 unless a product is named), monthly unless said otherwise. The free plan and
   * unknown ids are 422s naming the field.
   */
  async resolve(dto: PlanChoiceDto, defaults?: { productId: number; planId: number; planType: PlanType }): Promise<PlanChoice> {
    const c = await this.load();
    if (dto.plan_id !== undefined && dto.plan_slug !== undefined) {
      const byId = c.plans.find((p) => p.id === dto.plan_id);
      if (byId && byId.slug !== dto.plan_slug) throw new ValidationFailed({ plan_slug: ['does not match plan_id'] });
    }
    if (dto.plan_type && dto.billing_period && dto.plan_type !== dto.billing_period) {
      throw new ValidationFailed({ billing_period: ['does not match plan_type'] });
    }
    const productId = dto.product_id ?? defaults?.productId ?? 1;
    const product = c.products.find((p) => p.id === productId);
    if (!product) throw new ValidationFailed({ product_id: [`no product ${productId}`] });
    let plan: Plan | undefined;
    if (dto.plan_id !== undefined) {
      plan = c.plans.find((p) => p.id === dto.plan_id);
      if (!plan) throw new ValidationFailed({ plan_id: [`no plan ${dto.plan_id}`] });
    } else if (dto.plan_slug !== undefined) {
      plan = c.plans.find((p) => p.slug === dto.plan_slug);
      if (!plan) throw new ValidationFailed({ plan_slug: [`no plan ${dto.plan_slug}`] });
    } else {
      plan = c.plans.find((p) => p.id === (defaults?.planId ?? c.plans.find((x) => x.slug === 'pro')?.id));
    }
    if (!plan) throw new ValidationFailed({ plan_slug: ['no such plan'] });
    const planType: PlanType = dto.plan_type ?? dto.billing_period ?? defaults?.planType ?? 'monthly';
    const amountKrw = CatalogueService.amount(c, product.id, plan.id, planType);
    if (!amountKrw) {
      throw new ValidationFailed({
        [dto.plan_id !== undefined ? 'plan_id' : 'plan_slug']: [`the ${plan.name} plan is free: there is nothing to pay`],
      });
    }
    return { product, plan, planType, amountKrw };
  }
}
