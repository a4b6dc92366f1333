import type { GdprDataMap } from '@sf/events';

/** The same stand-in id for every kept row of the user, so the records still add up per (former) customer. */
const ANONYMOUS = { user_id: '$2' };

/**
 * Invoices, payments, refunds, orders and subscriptions are accounting records kept for legal
 * retention: deletion keeps them with the user's id replaced and the addresses and email cleared.
 * The Stripe customer link, checkout sessions and idempotency records go.
 */
export const PAYMENT_GDPR_DATA: GdprDataMap = {
  tables: [
    { table: 'invoices', erase: { anonymise: { ...ANONYMOUS, recipient_email: 'NULL', notes: 'NULL' } } },
    { table: 'refunds', erase: { anonymise: ANONYMOUS } },
    { table: 'payments', erase: { anonymise: ANONYMOUS } },
    { table: 'orders', erase: { anonymise: { ...ANONYMOUS, billing_address: 'NULL', shipping_address: 'NULL' } } },
    { table: 'subscriptions', erase: { anonymise: ANONYMOUS } },
    { table: 'checkout_sessions' },
    { table: 'idempotency_records', exported: false },
    { table: 'customers' },
  ],
};
