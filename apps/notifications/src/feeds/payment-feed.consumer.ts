import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { EventOf, NotificationsPaymentFeed } from '@sf/contracts';
import { EventConsumers } from '@sf/events';
import { InboxService } from '../inbox/inbox.service';
import { notificationId } from '../inbox/notification-id';
import { Mailer } from '../mail/mailer';
import { PreferencesService } from '../preferences/preferences.service';
import { PushPublisher } from '../pushes/push-publisher';
import { WebhooksService } from '../webhooks/webhooks.service';

type PaymentEvent = EventOf<(typeof NotificationsPaymentFeed)['reads']>;

const krw = (amount: number) => `₩${amount.toLocaleString('en-US')}`;

/**
 * Payment's events as the user sees them: notices (payment failed, refund, subscription started,
 * renewed or cancelled, invoice issued), the invoice mail for `invoice.sent`, and `/orders` pushes.
 */
@Injectable()
export class PaymentFeedConsumer implements OnApplicationBootstrap {
  constructor(
    private readonly consumers: EventConsumers,
    private readonly inbox: InboxService,
    private readonly preferences: PreferencesService,
    private readonly mailer: Mailer,
    private readonly pushes: PushPublisher,
    private readonly webhooks: WebhooksService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.consumers.register(NotificationsPaymentFeed, {
      prepare: (event) => this.mail(event),
      handle: (event, manager, mailed) => this.apply(event, manager, mailed ?? false),
    });
  }

  /** The invoice mail goes out before the inbox transaction (SMTP is no part of it); a retry may send it again, with the same Message-ID. */
  private async mail(event: PaymentEvent): Promise<boolean> {
    if (event.type !== 'invoice.sent' || !event.data.recipient_email) return false;
    if (!(await this.preferences.wants(event.data.user_id, 'payments', 'email'))) return false;
    const { number, total_krw: total } = event.data;
    await this.mailer.send({
      to: event.data.recipient_email,
      subject: `Your SoftFactory invoice ${number}`,
      text: `Hello,\n\nyour invoice ${number} for ${krw(total)} is ready.\nYou can see it under Billing in your account.\n\nSoftFactory`,
      messageId: `<${notificationId(event.id, event.data.user_id, 'email')}@softfactory.dev>`,
    });
    return true;
  }

  private async apply(event: PaymentEvent, manager: EntityManager, mailed: boolean): Promise<void> {
    await this.webhooks.fanOut(manager, event, event.data.user_id, event.data);
    const base = { eventId: event.id, userId: event.data.user_id, type: event.type };
    const orders = (name: Parameters<PushPublisher['publish']>[1]['event'], data: Record<string, unknown>) =>
      this.pushes.publish('orders', { user_ids: [event.data.user_id], event: name as never, data });
    switch (event.type) {
      case 'payment.completed':
        orders('payment:received', { ...event.data });
        return;
      case 'payment.failed':
        await this.inbox.notify(manager, {
          ...base,
          category: 'payments',
          title: 'Payment failed',
          body: `Your payment could not be completed: ${event.data.reason}`,
          data: { payment_id: event.data.payment_id, reference: event.data.reference },
        });
        return;
      case 'payment.refunded':
        orders('refund:initiated', { ...event.data });
        await this.inbox.notify(manager, {
          ...base,
          category: 'payments',
          title: 'Refund issued',
          body: `${krw(event.data.amount_krw)} is on its way back to you.`,
          data: { payment_id: event.data.payment_id, refund_id: event.data.refund_id },
        });
        return;
      case 'subscription.created':
        await this.inbox.notify(manager, {
          ...base,
          category: 'subscriptions',
          title: 'Subscription started',
          body: `Your ${event.data.product_slug} ${event.data.plan_slug} plan is active.`,
          data: { subscription_id: event.data.subscription_id, product_id: event.data.product_id },
        });
        return;
      case 'subscription.cancelled':
        await this.inbox.notify(manager, {
          ...base,
          category: 'subscriptions',
          title: 'Subscription cancelled',
          body: `Your ${event.data.product_slug} subscription was cancelled.`,
          data: { subscription_id: event.data.subscription_id, product_id: event.data.product_id },
        });
        return;
      case 'subscription.updated':
        return; // a plan or status change: the subscription's page shows it; renewals come as their own event
      case 'subscription.renewed': {
        const until = event.data.current_period_end ? ` until ${event.data.current_period_end.slice(0, 10)}` : '';
        // Seed 002 names the next charge's date `next_billing_date`: the end of the period paid.
        orders('subscription:renewed', { ...event.data, next_billing_date: event.data.current_period_end });
        await this.inbox.notify(manager, {
          ...base,
          category: 'subscriptions',
          title: 'Subscription renewed',
          body: `Your ${event.data.product_slug} ${event.data.plan_slug} plan renewed for ${krw(event.data.amount_krw)}${until}.`,
          data: {
            subscription_id: event.data.subscription_id,
            product_id: event.data.product_id,
            payment_id: event.data.payment_id,
            current_period_end: event.data.current_period_end,
          },
        });
        return;
      }
      case 'invoice.generated':
        orders('invoice:generated', { ...event.data });
        await this.inbox.notify(manager, {
          ...base,
          category: 'payments',
          title: `Invoice ${event.data.number}`,
          body: `An invoice for ${krw(event.data.total_krw)} was issued.`,
          data: { invoice_id: event.data.invoice_id },
        });
        return;
      case 'invoice.sent':
        orders('invoice:sent', { invoice_id: event.data.invoice_id, number: event.data.number, total_krw: event.data.total_krw });
        if (mailed) {
          this.pushes.publish('notifications', {
            user_ids: [event.data.user_id],
            event: 'email:sent',
            data: { kind: 'invoice', invoice_id: event.data.invoice_id },
          });
        }
        return;
      case 'order.created':
        orders('order:created', { ...event.data });
        return;
      case 'order.cancelled':
        orders('order:updated', { ...event.data });
        return;
    }
  }
}
