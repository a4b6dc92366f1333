import { PaymentGdprFeed } from '@sf/contracts';
import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { serviceDataSourceOptions } from '@sf/database';
import { EventsModule, gdprParticipant } from '@sf/events';
import { NatsModule, ServiceHealthModule } from '@sf/messaging';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import { CatalogueHandler } from './catalogue/catalogue.handler';
import { CatalogueService } from './catalogue/catalogue.service';
import { CheckoutHandler } from './checkout/checkout.handler';
import { CheckoutService } from './checkout/checkout.service';
import { StripeCheckout } from './checkout-sessions/stripe-checkout';
import { CustomersService } from './customers/customers.service';
import { PAYMENT_SCHEMA } from './database';
import { PaymentEventLog } from './events/payment-event-log';
import { HistoryHandler } from './history/history.handler';
import { HistoryService } from './history/history.service';
import { IdempotencyService } from './idempotency/idempotency.service';
import { InvoicesHandler } from './invoices/invoices.handler';
import { InvoicesService } from './invoices/invoices.service';
import { OrdersHandler } from './orders/orders.handler';
import { OrdersService } from './orders/orders.service';
import { PAYMENT_CONFIG, PaymentConfig } from './payment.config';
import { PaymentsHandler } from './payments/payments.handler';
import { PaymentsService } from './payments/payments.service';
import { StripePrices } from './stripe/stripe-prices.service';
import { createStripeClient, STRIPE } from './stripe/stripe.client';
import { SubscriptionSync } from './subscriptions/subscription-sync.service';
import { SubscriptionsHandler } from './subscriptions/subscriptions.handler';
import { SubscriptionsService } from './subscriptions/subscriptions.service';
import { WebhooksHandler } from './webhooks/webhooks.handler';
import { WebhooksService } from './webhooks/webhooks.service';
import { PAYMENT_GDPR_DATA } from './gdpr/gdpr-data';

@Module({})
export class PaymentModule {
  static register(config: PaymentConfig, metrics: Registry, logger: Logger): DynamicModule {
    return {
      module: PaymentModule,
      imports: [
        TypeOrmModule.forRoot(serviceDataSourceOptions(config.database, PAYMENT_SCHEMA.entities, PAYMENT_SCHEMA.migrations)),
        NatsModule.forRoot({
          url: config.common.natsUrl,
          name: 'payment',
          requestTimeoutMs: config.requestTimeoutMs,
          subjectPrefix: config.common.natsSubjectPrefix,
          metrics,
        }),
        ServiceHealthModule.forService('payment', metrics),
        EventsModule.forService({ service: 'payment', config: config.events, logger, metrics }),
      ],
      controllers: [
        CatalogueHandler,
        CheckoutHandler,
        SubscriptionsHandler,
        WebhooksHandler,
        PaymentsHandler,
        InvoicesHandler,
        OrdersHandler,
        HistoryHandler,
      ],
      providers: [
        gdprParticipant(PaymentGdprFeed, PAYMENT_GDPR_DATA),
        { provide: PAYMENT_CONFIG, useValue: config },
        { provide: STRIPE, useValue: createStripeClient(config.stripe) },
        PaymentEventLog,
        CatalogueService,
        CustomersService,
        StripePrices,
        IdempotencyService,
        StripeCheckout,
        SubscriptionSync,
        PaymentsService,
        CheckoutService,
        SubscriptionsService,
        WebhooksService,
        InvoicesService,
        OrdersService,
        HistoryService,
      ],
    };
  }
}
