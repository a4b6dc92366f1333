import { randomBytes } from 'node:crypto';

// Stripe objects are open-ended JSON; this server builds and patches them field by field.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type StripeObject = Record<string, any>;

/** The API version stamped on responses and events. */
export const API_VERSION = '2026-10-28.endive';

/** Currencies Stripe counts in whole units (amounts are not multiplied by 100). */
const ZERO_DECIMAL = new Set([
  'bif',
  'clp',
  'djf',
  'gnf',
  'jpy',
  'kmf',
  'krw',
  'mga',
  'pyg',
  'rwf',
  'ugx',
  'vnd',
  'vuv',
  'xaf',
  'xof',
  'xpf',
]);

/** Test payment methods that Stripe declines. */
export const DECLINING_METHODS = new Set([
  'pm_card_chargeDeclined',
  'pm_card_visa_chargeDeclined',
  'pm_card_chargeDeclinedInsufficientFunds',
]);

/** An id in Stripe's form: `<prefix>_<random>` (`<prefix>_test_<random>` where Stripe marks test mode). */
export function newId(prefix: string, test = false): string {
  return `${prefix}_${test ? 'test_' : ''}${randomBytes(18).toString('base64url').replace(/[-_]/g, 'x')}`;
}

/** Stripe's timestamps: whole seconds. */
export function now(): number {
  return Math.floor(Date.now() / 1000);
}

export function addInterval(from: number, interval: string, count = 1): number {
  const date = new Date(from * 1000);
  if (interval === 'year') date.setUTCFullYear(date.getUTCFullYear() + count);
  else if (interval === 'week') date.setUTCDate(date.getUTCDate() + 7 * count);
  else if (interval === 'day') date.setUTCDate(date.getUTCDate() + count);
  else date.setUTCMonth(date.getUTCMonth() + count);
  return Math.floor(date.getTime() / 1000);
}

/** An amount as Stripe's messages write it (`KRW 9,900`, `USD 12.5`). */
export function formatAmount(amount: number, currency: string): string {
  const whole = ZERO_DECIMAL.has(currency) ? amount : amount / 100;
  return `${currency.toUpperCase()} ${whole.toLocaleString('en-US')}`;
}
