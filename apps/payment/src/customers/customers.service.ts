import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import Stripe from 'stripe';
import { DataSource } from 'typeorm';
import { callStripe, STRIPE } from '../stripe/stripe.client';
import { Customer } from './customer.entity';

/** One Stripe customer per user, made on first need (the same one under concurrent calls). */
@Injectable()
export class CustomersService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(STRIPE) private readonly stripe: Stripe,
  ) {}

  async stripeCustomerId(userId: string): Promise<string> {
    const repo = this.dataSource.getRepository(Customer);
    const existing = await repo.findOneBy({ userId });
    if (existing) return existing.stripeCustomerId;
    // Stripe's idempotency makes two concurrent first calls create one customer.
    const customer = await callStripe(() =>
      this.stripe.customers.create({ metadata: { user_id: userId } }, { idempotencyKey: `customer:${userId}` }),
    );
    await repo.createQueryBuilder().insert().values({ userId, stripeCustomerId: customer.id }).orIgnore().execute();
    return (await repo.findOneByOrFail({ userId })).stripeCustomerId;
  }

  /** The user a Stripe customer belongs to, if it is one of ours. */
  async userOf(stripeCustomerId: string | null | undefined): Promise<string | null> {
    if (!stripeCustomerId) return null;
    return (await this.dataSource.getRepository(Customer).findOneBy({ stripeCustomerId }))?.userId ?? null;
  }
}
