import type { EndpointDefinition } from '../common/endpoint';
import * as catalogue from './catalogue.contract';
import * as checkout from './checkout.contract';
import * as history from './history.contract';
import * as invoices from './invoices.contract';
import * as orders from './orders.contract';
import * as subscriptions from './subscriptions.contract';
import * as webhook from './webhook.contract';

export * from './catalogue.contract';
export * from './checkout.contract';
export * from './events';
export * from './history.contract';
export * from './internal.contract';
export * from './invoices.contract';
export * from './orders.contract';
export * from './subscriptions.contract';
export * from './webhook.contract';

/** Every public endpoint the payment service owns. */
export const PAYMENT_ENDPOINTS = [
  catalogue.PaymentPlans,
  catalogue.PaymentProducts,
  catalogue.PaymentProduct,
  checkout.PaymentCheckout,
  checkout.PaymentStatus,
  checkout.PaymentSuccess,
  checkout.PaymentCancelled,
  subscriptions.SubscriptionsList,
  subscriptions.SubscriptionGet,
  subscriptions.Subscribe,
  subscriptions.SubscriptionUpdate,
  subscriptions.SubscriptionCancel,
  webhook.PaymentWebhook,
  invoices.InvoiceCreate,
  invoices.InvoicesList,
  invoices.InvoiceGet,
  invoices.InvoiceUpdateStatus,
  invoices.InvoiceSend,
  invoices.InvoicePdf,
  invoices.InvoiceDelete,
  orders.OrderCreate,
  orders.OrdersList,
  orders.OrderGet,
  orders.OrderCancel,
  history.PaymentHistory,
  history.PaymentStatements,
] as EndpointDefinition<unknown, unknown, unknown>[];
