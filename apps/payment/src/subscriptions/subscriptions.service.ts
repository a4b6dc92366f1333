import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import Stripe from 'stripe';
import { DataSource, EntityManager, In } from 'typeorm';
import {
  AdminCancelSubscriptionBody,
  AdminChangeSubscriptionBody,
  listView,
  resolvePage,
  resolveSort,
  SubscribeDto,
  SubscribeView,
  SUBSCRIPTION_SORT_FIELDS,
  SubscriptionListView,
  SubscriptionsQuery,
  SubscriptionView,
  UpdateSubscriptionDto,
  UserContext,
} from '@sf/contracts';
import { Conflict, NotFound, ValidationFailed } from '@sf/errors';
import { CatalogueService, PlanChoice } from '../catalogue/catalogue.service';
import { StripeCheckout, subscriptionMetadata } from '../checkout-sessions/stripe-checkout';
import { CustomersService } from '../customers/customers.service';
import { IdempotencyService } from '../idempotency/idempotency.service';
import { StripePrices } from '../stripe/stripe-prices.service';
import { callStripe, STRIPE, stripeTime } from '../stripe/stripe.client';
import { Subscription } from './subscription.entity';
import { accountTier, ENTITLING_STATUSES, SubscriptionSync } from './subscription-sync.service';
import { inTransaction } from '@sf/idempotency';

const SORT_COLUMNS: Record<(typeof SUBSCRIPTION_SORT_FIELDS)[number], keyof Subscription> = {
  created_at: 'createdAt',
  current_period_end: 'currentPeriodEnd',
  amount_krw: 'amountKrw',
};

/** A user's subscriptions: listed, started, changed and cancelled through Stripe. */
@Injectable()
export class SubscriptionsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(STRIPE) private readonly stripe: Stripe,
    private readonly catalogue: CatalogueService,
    private readonly customers: CustomersService,
    private readonly prices: StripePrices,
    private readonly stripeCheckout: StripeCheckout,
    private readonly idempotency: IdempotencyService,
    private readonly sync: SubscriptionSync,
  ) {}

  async view(sub: Subscription): Promise<SubscriptionView> {
    const product = await this.catalogue.productById(sub.productId);
    const plan = await this.catalogue.planById(sub.planId);
    const renews = ['active', 'trialing', 'past_due'].includes(sub.status) && !sub.cancelAtPeriodEnd && !sub.paused;
    return {
      id: sub.id,
      subscription_id: sub.id,
      product_id: sub.productId,
      product_slug: product?.slug ?? String(sub.productId),
      product_name: product?.name ?? String(sub.productId),
      plan_id: sub.planId,
      plan_slug: sub.planSlug,
      plan_name: plan?.name ?? sub.planSlug,
      plan_type: sub.planType,
      status: sub.status,
      amount_krw: sub.amountKrw,
      currency: 'KRW',
      current_period_start: sub.currentPeriodStart?.toISOString() ?? null,
      current_period_end: sub.currentPeriodEnd?.toISOString() ?? null,
      next_billing_date: renews ? (sub.currentPeriodEnd?.toISOString() ?? null) : null,
      cancel_at_period_end: sub.cancelAtPeriodEnd,
      paused: sub.paused,
      canceled_at: sub.canceledAt?.toISOString() ?? null,
      created_at: sub.createdAt.toISOString(),
      updated_at: sub.updatedAt.toISOString(),
    };
  }

  async list(ctx: UserContext, query: SubscriptionsQuery): Promise<SubscriptionListView> {
    const userId = ctx.user_id;
    const page = resolvePage(query);
    const sort = resolveSort<(typeof SUBSCRIPTION_SORT_FIELDS)[number]>(query, { field: 'created_at', direction: 'DESC' });
    const [rows, total] = await this.dataSource.getRepository(Subscription).findAndCount({
      where: { userId, ...(query.status ? { status: query.status } : {}) },
      order: { [SORT_COLUMNS[sort.field]]: sort.direction, id: 'ASC' },
      skip: page.offset,
      take: page.limit,
    });
    const views = await Promise.all(rows.map((r) => this.view(r)));
    return { ...listView('subscriptions', views, total, page), tier: await accountTier(this.dataSource.manager, userId) };
  }

  private async owned(ctx: UserContext, id: string): Promise<Subscription> {
    const sub = await this.dataSource.getRepository(Subscription).findOneBy({ id, userId: ctx.user_id });
    if (!sub) throw new NotFound('Subscription');
    return sub;
  }

  async get(ctx: UserContext, id: string): Promise<SubscriptionView> {
    return this.view(await this.owned(ctx, id));
  }

  /** 409 when the user already holds a live subscription to the product. */
  async refuseIfSubscribed(manager: EntityManager, userId: string, choice: PlanChoice): Promise<void> {
    const live = await manager
      .getRepository(Subscription)
      .findOneBy({ userId, productId: choice.product.id, status: In(ENTITLING_STATUSES) });
    if (live) {
      throw new Conflict(`Already subscribed to ${choice.product.name}; change the plan with PUT /api/payment/subscriptions/${live.id}`, {
        subscription_id: live.id,
      });
    }
  }

  /**
   * With a payment method the card is charged now and the subscription answered; without one the
   * answer carries a checkout URL where the payer completes it.
   */
  async subscribe(ctx: UserContext, dto: SubscribeDto): Promise<SubscribeView> {
    const userId = ctx.user_id;
    const choice = await this.catalogue.resolve(dto);
    const base = {
      amount_krw: choice.amountKrw,
      currency: 'KRW' as const,
      product_id: choice.product.id,
      plan_slug: choice.plan.slug,
      plan_type: choice.planType,
    };
    // Stripe is called outside any transaction: the key is claimed first, the answer stored after.
    return this.idempotency.onceAcrossCalls(ctx, 'subscribe', dto, async (key) => {
      await this.refuseIfSubscribed(this.dataSource.manager, userId, choice);
      if (!dto.stripe_token) {
        const session = await this.stripeCheckout.openSubscription(userId, choice, key);
        return {
          ...base,
          subscription_id: null,
          status: 'incomplete',
          next_billing_date: null,
          checkout_url: session.url,
          session_id: session.stripeSessionId,
        };
      }
      const token = dto.stripe_token;
      const customer = await this.customers.stripeCustomerId(userId);
      await callStripe(() => this.stripe.paymentMethods.attach(token, { customer }), 'stripe_token', 'names no payment method');
      const metadata = subscriptionMetadata(userId, choice);
      const price = await this.prices.priceId(choice);
      const created = await callStripe(
        () =>
          this.stripe.subscriptions.create(
            { customer, items: [{ price }], default_payment_method: token, payment_behavior: 'error_if_incomplete', metadata },
            key ? { idempotencyKey: `subscribe:${userId}:${key}` } : undefined,
          ),
        'stripe_token',
      );
      const sub = await inTransaction(this.dataSource, (manager) => this.sync.apply(manager, created, stripeTime(created)));
      if (!sub) throw new Error('a subscription made here was not recognised');
      const view = await this.view(sub);
      return {
        ...base,
        subscription_id: sub.id,
        status: sub.status,
        next_billing_date: view.next_billing_date,
        checkout_url: null,
        session_id: null,
      };
    });
  }

  /** Plan or billing-period change (Stripe prorates), or undoing a pending cancellation. */
  async update(ctx: UserContext, id: string, dto: UpdateSubscriptionDto): Promise<SubscriptionView> {
    return this.change(await this.owned(ctx, id), dto);
  }

  /** Any user's subscription, for an administrator's command (admin checked the permission). */
  async anyUsers(id: string): Promise<Subscription> {
    const sub = await this.dataSource.getRepository(Subscription).findOneBy({ id });
    if (!sub) throw new NotFound('Subscription');
    return sub;
  }

  /** An administrator's change of any subscription: plan, billing period, ending at period end. */
  async adminChange(body: AdminChangeSubscriptionBody): Promise<SubscriptionView> {
    return this.change(
      await this.anyUsers(body.subscription_id),
      { plan_slug: body.plan_slug, plan_type: body.plan_type, cancel_at_period_end: body.cancel_at_period_end },
      body.pause,
    );
  }

  /** An administrator's cancellation, at once (not at period end); the reason goes to Stripe with it. */
  async adminCancel(body: AdminCancelSubscriptionBody): Promise<SubscriptionView> {
    const sub = await this.anyUsers(body.subscription_id);
    if (sub.status === 'canceled' || sub.status === 'expired') throw new Conflict('This subscription is already cancelled');
    const deleted = await callStripe(() =>
      this.stripe.subscriptions.cancel(sub.stripeSubscriptionId, { cancellation_details: { comment: body.reason.slice(0, 500) } }),
    );
    const applied = await this.dataSource.transaction((manager) => this.sync.apply(manager, deleted, stripeTime(deleted)));
    return this.view(applied ?? sub);
  }

  /** `pause` (administrators only): pause collection in Stripe (true) or resume it (false). */
  private async change(sub: Subscription, dto: UpdateSubscriptionDto, pause?: boolean): Promise<SubscriptionView> {
    if ([dto.plan_id, dto.plan_slug, dto.plan_type, dto.billing_period, dto.cancel_at_period_end, pause].every((v) => v === undefined)) {
      throw new ValidationFailed({ plan_slug: ['name a plan (plan_id or plan_slug), a plan_type or cancel_at_period_end'] });
    }
    if (['canceled', 'expired', 'incomplete'].includes(sub.status)) throw new Conflict(`A ${sub.status} subscription cannot be changed`);
    const choice = await this.catalogue.resolve(
      {
        product_id: sub.productId,
        plan_id: dto.plan_id,
        plan_slug: dto.plan_slug,
        plan_type: dto.plan_type,
        billing_period: dto.billing_period,
      },
      { productId: sub.productId, planId: sub.planId, planType: sub.planType as 'monthly' | 'annual' },
    );
    const planChanged = choice.plan.id !== sub.planId || choice.planType !== sub.planType;
    const cancelChanged = dto.cancel_at_period_end !== undefined && dto.cancel_at_period_end !== sub.cancelAtPeriodEnd;
    const pauseChanged = pause !== undefined && pause !== sub.paused;
    if (!planChanged && !cancelChanged && !pauseChanged) return this.view(sub);
    if (planChanged && !sub.stripeItemId) throw new Conflict('This subscription cannot be changed yet; try again shortly');
    const params: Stripe.SubscriptionUpdateParams = {};
    if (planChanged) {
      params.items = [{ id: sub.stripeItemId as string, price: await this.prices.priceId(choice) }];
      params.metadata = { plan_slug: choice.plan.slug, plan_type: choice.planType };
      params.proration_behavior = 'create_prorations';
    }
    if (cancelChanged) params.cancel_at_period_end = dto.cancel_at_period_end;
    if (pauseChanged) params.pause_collection = pause ? { behavior: 'void' } : '';
    const updated = await callStripe(() => this.stripe.subscriptions.update(sub.stripeSubscriptionId, params));
    const applied = await inTransaction(this.dataSource, (manager) => this.sync.apply(manager, updated, stripeTime(updated)));
    return this.view(applied ?? sub);
  }

  /** Cancels at the end of the paid period: the product stays available until then. */
  async cancel(ctx: UserContext, id: string): Promise<void> {
    const sub = await this.owned(ctx, id);
    if (sub.status === 'canceled' || sub.status === 'expired') throw new Conflict('This subscription is already cancelled');
    if (sub.cancelAtPeriodEnd) return;
    if (sub.status === 'incomplete') {
      // Never paid: nothing to keep until a period end.
      const deleted = await callStripe(() => this.stripe.subscriptions.cancel(sub.stripeSubscriptionId));
      await inTransaction(this.dataSource, (manager) => this.sync.apply(manager, deleted, stripeTime(deleted)));
      return;
    }
    const updated = await callStripe(() => this.stripe.subscriptions.update(sub.stripeSubscriptionId, { cancel_at_period_end: true }));
    await inTransaction(this.dataSource, (manager) => this.sync.apply(manager, updated, stripeTime(updated)));
  }
}
