import { StripeObject } from '../stripe-object';

/** Fills in, in place, the fields an object of one kind lacks. */
export type Filler = (object: StripeObject) => void;

/** Sets each of `fields` that `target` lacks. */
export function fill(target: StripeObject | null | undefined, fields: StripeObject): void {
  if (!target || typeof target !== 'object') return;
  for (const [key, value] of Object.entries(fields)) if (!(key in target)) target[key] = value;
}
