import { fill, Filler } from './fill';

const BILLING_DETAILS = { address: null, email: null, name: null, phone: null, tax_id: null };

/** Customers, the catalogue, payment methods, PaymentIntents, charges and refunds. */
export const PAYMENT_FILLERS: Record<string, Filler> = {
  customer: (o) => {
    fill(o.invoice_settings, { custom_fields: null, footer: null, rendering_options: null });
    fill(o, { balance: 0, default_source: null, shipping: null });
  },
  product: (o) =>
    fill(o, {
      images: [],
      marketing_features: [],
      package_dimensions: null,
      shippable: null,
      tax_details: null,
      type: 'service',
      updated: o.created,
      url: null,
    }),
  price: (o) => {
    fill(o.recurring, { meter: null, trial_period_days: null });
    fill(o, {
      billing_scheme: 'per_unit',
      custom_unit_amount: null,
      tax_behavior: 'unspecified',
      tiers_mode: null,
      transform_quantity: null,
    });
  },
  payment_method: (o) => {
    fill(o.card, {
      checks: null,
      country: 'US',
      display_brand: o.card?.brand ?? null,
      funding: 'credit',
      generated_from: null,
      networks: null,
      regulated_status: null,
      three_d_secure_usage: null,
      wallet: null,
    });
    fill(o, { billing_details: { ...BILLING_DETAILS }, customer_account: null, metadata: {} });
  },
  payment_intent: (o) =>
    fill(o, {
      allowed_payment_method_types: null,
      amount_capturable: 0,
      application: null,
      application_fee_amount: null,
      automatic_payment_methods: null,
      canceled_at: null,
      cancellation_reason: null,
      capture_method: 'automatic',
      client_secret: null,
      confirmation_method: 'automatic',
      customer_account: null,
      excluded_payment_method_types: null,
      managed_payments: null,
      next_action: null,
      on_behalf_of: null,
      payment_method_configuration_details: null,
      payment_method_options: {},
      payment_method_types: ['card'],
      payment_record: null,
      processing: null,
      receipt_email: null,
      review: null,
      setup_future_usage: null,
      shipping: null,
      source: null,
      statement_descriptor: null,
      statement_descriptor_suffix: null,
      transfer_group: null,
    }),
  charge: (o) =>
    fill(o, {
      application: null,
      application_fee: null,
      application_fee_amount: null,
      balance_transaction: null,
      billing_details: { ...BILLING_DETAILS },
      calculated_statement_descriptor: null,
      description: null,
      disputed: false,
      failure_balance_transaction: null,
      failure_code: null,
      failure_message: null,
      fraud_details: {},
      on_behalf_of: null,
      outcome: null,
      payment_method_details: null,
      receipt_email: null,
      receipt_number: null,
      receipt_url: null,
      review: null,
      shipping: null,
      source: null,
      source_transfer: null,
      statement_descriptor: null,
      statement_descriptor_suffix: null,
      transfer_data: null,
      transfer_group: null,
    }),
  refund: (o) =>
    fill(o, {
      balance_transaction: null,
      customer: null,
      customer_account: null,
      payment_method: null,
      receipt_number: null,
      source_transfer_reversal: null,
      transfer_reversal: null,
    }),
};
