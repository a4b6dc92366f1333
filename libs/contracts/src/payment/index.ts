import { serviceContract } from '../common/service-contract';
import * as catalogue from './catalogue.contract';
import * as checkout from './checkout.contract';
import * as events from './events';
import * as history from './history.contract';
import * as internal from './internal.contract';
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

/** Everything the payment service declares. */
export const PAYMENT = serviceContract('payment', [
  catalogue,
  checkout,
  subscriptions,
  orders,
  invoices,
  history,
  webhook,
  internal,
  events,
]);
