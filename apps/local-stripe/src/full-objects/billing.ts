import { StripeObject } from '../stripe-object';
import { fill, Filler } from './fill';

/** Subscriptions (with their items) and invoices (with their lines and payments). */
export const BILLING_FILLERS: Record<string, Filler> = {
  subscription: (o) => {
    for (const item of (o.items?.data ?? []) as StripeObject[]) fillSubscriptionItem(item);
    fill(o.items, { url: `/v1/subscription_items?subscription=${o.id}` });
    fill(o, {
      application: null,
      application_fee_percent: null,
      automatic_tax: { disabled_reason: null, enabled: false, liability: null },
      billing_cycle_anchor_config: null,
      billing_mode: { flexible: null, type: 'classic' },
      billing_schedules: [],
      billing_thresholds: null,
      cancellation_details: {
        comment: null,
        feedback: null,
        feedback_option: null,
        reason: o.status === 'canceled' ? 'cancellation_requested' : null,
      },
      collection_method: 'charge_automatically',
      customer_account: null,
      days_until_due: null,
      default_source: null,
      description: null,
      discounts: [],
      invoice_settings: { account_tax_ids: null, custom_fields: null, description: null, footer: null, issuer: { type: 'self' } },
      managed_payments: null,
      next_pending_invoice_item_invoice: null,
      on_behalf_of: null,
      pause_collection: null,
      payment_settings: null,
      pending_invoice_item_interval: null,
      pending_setup_intent: null,
      pending_update: null,
      schedule: null,
      test_clock: null,
      transfer_data: null,
      trial_end: null,
      trial_settings: null,
      trial_start: null,
    });
  },
  invoice: (o) => fillInvoice(o),
};

function fillSubscriptionItem(item: StripeObject): void {
  const price = typeof item.price === 'object' && item.price ? item.price : null;
  fill(item, {
    billing_thresholds: null,
    current_trial: null,
    discounts: [],
    // The legacy Plan view of a recurring price, as Stripe still sends it.
    plan: price && {
      id: price.id,
      object: 'plan',
      active: price.active,
      amount: price.unit_amount,
      amount_decimal: price.unit_amount_decimal,
      billing_scheme: 'per_unit',
      created: price.created,
      currency: price.currency,
      interval: price.recurring?.interval,
      interval_count: price.recurring?.interval_count,
      livemode: false,
      metadata: price.metadata,
      meter: null,
      nickname: price.nickname,
      product: price.product,
      tiers_mode: null,
      transform_quantity: null,
      transform_usage: null,
      trial_period_days: null,
      usage_type: 'licensed',
    },
    tax_rates: [],
  });
}

function fillInvoice(o: StripeObject): void {
  const subscription = o.parent?.subscription_details?.subscription ?? null;
  for (const line of (o.lines?.data ?? []) as StripeObject[]) {
    fill(line.pricing, { unit_amount_decimal: line.quantity ? String(line.amount / line.quantity) : null });
    fill(line, {
      discount_amounts: [],
      discountable: true,
      discounts: [],
      invoice: o.id,
      livemode: false,
      metadata: {},
      parent: null,
      pretax_credit_amounts: [],
      quantity_decimal: line.quantity === undefined ? null : String(line.quantity),
      subscription,
      subtotal: line.amount,
      taxes: [],
    });
  }
  fill(o.lines, { url: `/v1/invoices/${o.id}/lines` });
  fill(o.payments, { url: `/v1/invoice_payments?invoice=${o.id}` });
  for (const payment of (o.payments?.data ?? []) as StripeObject[]) {
    fill(payment, {
      id: `inpay_${String(payment.payment?.payment_intent ?? o.id).replace(/^pi_/, '')}`,
      amount_paid: o.amount_paid,
      amount_requested: o.amount_due,
      created: o.created,
      currency: o.currency,
      is_default: true,
      livemode: false,
      status_transitions: { canceled_at: null, paid_at: o.status_transitions?.paid_at ?? null },
    });
  }
  fill(o.status_transitions, { marked_uncollectible_at: null, voided_at: null });
  fill(o, {
    account_country: null,
    account_name: null,
    account_tax_ids: null,
    amount_overpaid: 0,
    amount_shipping: 0,
    application: null,
    automatic_tax: { disabled_reason: null, enabled: false, liability: null, provider: null, status: null },
    automatically_finalizes_at: null,
    custom_fields: null,
    customer_account: null,
    customer_address: null,
    customer_email: null,
    customer_name: null,
    customer_phone: null,
    customer_shipping: null,
    customer_tax_exempt: 'none',
    default_payment_method: null,
    default_source: null,
    default_tax_rates: [],
    description: null,
    discounts: [],
    due_date: null,
    effective_at: o.status_transitions?.finalized_at ?? null,
    ending_balance: 0,
    footer: null,
    from_invoice: null,
    issuer: { type: 'self' },
    last_finalization_error: null,
    latest_revision: null,
    metadata: {},
    on_behalf_of: null,
    payment_settings: { default_mandate: null, payment_method_options: null, payment_method_types: null },
    post_payment_credit_notes_amount: 0,
    pre_payment_credit_notes_amount: 0,
    receipt_number: null,
    rendering: null,
    shipping_cost: null,
    shipping_details: null,
    starting_balance: 0,
    statement_descriptor: null,
    subtotal_excluding_tax: o.subtotal ?? null,
    test_clock: null,
    total_discount_amounts: [],
    total_excluding_tax: o.total ?? null,
    total_pretax_credit_amounts: [],
    total_taxes: [],
    webhooks_delivered_at: o.created ?? null,
  });
}
