import { EVENT_ENTITIES } from '@sf/events';
import { Plan, Price, Product } from './catalogue/catalogue.entity';
import { CheckoutSession } from './checkout-sessions/checkout-session.entity';
import { Customer } from './customers/customer.entity';
import { DocumentCounter } from './document-numbers/document-counter.entity';
import { IdempotencyRecord } from './idempotency/idempotency-record.entity';
import { Invoice } from './invoices/invoice.entity';
import { Order } from './orders/order.entity';
import { Payment, Refund } from './payments/payment.entity';
import { Subscription } from './subscriptions/subscription.entity';
import { StripeEventRecord } from './webhooks/stripe-event.entity';

export const PAYMENT_ENTITIES = [
  ...EVENT_ENTITIES,
  Product,
  Plan,
  Price,
  Customer,
  IdempotencyRecord,
  CheckoutSession,
  Subscription,
  StripeEventRecord,
  Payment,
  Refund,
  Invoice,
  DocumentCounter,
  Order,
];
