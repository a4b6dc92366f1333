import { Inject, Injectable } from '@nestjs/common';
import Stripe from 'stripe';
import type { PlanChoice } from '../catalogue/catalogue.service';
import { PAYMENT_CONFIG, PaymentConfig } from '../payment.config';
import { callStripe, STRIPE } from './stripe.client';

/**
 * The Stripe price of a product plan: the id configured for it (`STRIPE_PRICE_IDS`), or else one
 * found by its lookup key, created once when Stripe has none at the catalogue's amount.
 */
@Injectable()
export class StripePrices {
  private readonly cache = new Map<string, Promise<string>>();

  constructor(
    @Inject(STRIPE) private readonly stripe: Stripe,
    @Inject(PAYMENT_CONFIG) private readonly config: PaymentConfig,
  ) {}

  priceId(choice: PlanChoice): Promise<string> {
    const key = `${choice.product.slug}:${choice.plan.slug}:${choice.planType}`;
    const configured = this.config.stripe.priceIds[key];
    if (configured) return Promise.resolve(configured);
    const cacheKey = `${key}:${choice.amountKrw}`;
    let found = this.cache.get(cacheKey);
    if (!found) {
      found = this.findOrCreate(choice).catch((error: unknown) => {
        this.cache.delete(cacheKey);
        throw error;
      });
      this.cache.set(cacheKey, found);
    }
    return found;
  }

  /** Forgets a price Stripe no longer knows (a fresh local Stripe). */
  forget(choice: PlanChoice): void {
    this.cache.delete(`${choice.product.slug}:${choice.plan.slug}:${choice.planType}:${choice.amountKrw}`);
  }

  private async findOrCreate(choice: PlanChoice): Promise<string> {
    const lookupKey = `sf_${choice.product.slug}_${choice.plan.slug}_${choice.planType}`.replace(/-/g, '_');
    const existing = await callStripe(() => this.stripe.prices.list({ lookup_keys: [lookupKey], active: true, limit: 1 }));
    const match = existing.data.find((p) => p.unit_amount === choice.amountKrw && p.currency === 'krw');
    if (match) return match.id;
    const created = await callStripe(() =>
      this.stripe.prices.create(
        {
          currency: 'krw', // zero-decimal: unit_amount is whole won
          unit_amount: choice.amountKrw,
          recurring: { interval: choice.planType === 'annual' ? 'year' : 'month' },
          lookup_key: lookupKey,
          transfer_lookup_key: true,
          product_data: {
            name: `${choice.product.name} ${choice.plan.name}`,
            metadata: { product_id: String(choice.product.id), plan_slug: choice.plan.slug },
          },
          metadata: { product_id: String(choice.product.id), plan_slug: choice.plan.slug, plan_type: choice.planType },
        },
        { idempotencyKey: `price:${lookupKey}:${choice.amountKrw}` },
      ),
    );
    return created.id;
  }
}
