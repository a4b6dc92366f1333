import { StripeObject } from '../stripe-object';
import { BILLING_FILLERS } from './billing';
import { CHECKOUT_FILLERS } from './checkout';
import { Filler } from './fill';
import { PAYMENT_FILLERS } from './payments';

/**
 * Fields Stripe's objects always carry that this server does not model (taxes, shipping, Connect,
 * discounts, ...), with the values Stripe gives them when unused. They are filled in when an object
 * is shown, not stored, so the SDK's types hold for every answer and for objects saved before a
 * field was added (stripe-sdk-shapes.spec.ts checks the result against the SDK's declarations).
 */
const FILLERS: Record<string, Filler> = { ...PAYMENT_FILLERS, ...CHECKOUT_FILLERS, ...BILLING_FILLERS };

/** Fills, in place, every Stripe object inside `value` (events' objects, expanded ones, list items). */
export function completeObjects(value: unknown): void {
  if (!value || typeof value !== 'object') return;
  if (Array.isArray(value)) {
    for (const item of value) completeObjects(item);
    return;
  }
  const record = value as StripeObject;
  if (typeof record.object === 'string') FILLERS[record.object]?.(record);
  for (const [key, child] of Object.entries(record)) {
    // Metadata is the caller's; previous_attributes holds only what changed.
    if (key !== 'metadata' && key !== 'previous_attributes') completeObjects(child);
  }
}
