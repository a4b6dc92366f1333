import { invalidRequest } from './api-error';
import { FormObject, FormValue } from './form-encoding';

/** Readers of decoded form parameters, lenient where Stripe is and failing as Stripe fails. */
export function str(value: FormValue | undefined): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

export function obj(value: FormValue | undefined): FormObject {
  return value && typeof value === 'object' && !Array.isArray(value) ? value : {};
}

export function list(value: FormValue | undefined): FormValue[] {
  if (Array.isArray(value)) return value;
  if (value && typeof value === 'object') return Object.values(value);
  return value === undefined ? [] : [value];
}

export function int(value: FormValue | undefined, param: string, { min = 0 } = {}): number | undefined {
  if (value === undefined || value === '') return undefined;
  const text = str(value);
  if (text === undefined || !/^-?\d+$/.test(text))
    throw invalidRequest(`Invalid integer: ${String(text)}`, 'parameter_invalid_integer', param);
  const n = Number(text);
  if (n < min) throw invalidRequest(`This value must be greater than or equal to ${min}.`, 'parameter_invalid_integer', param);
  return n;
}

export function bool(value: FormValue | undefined): boolean | undefined {
  if (value === undefined) return undefined;
  return str(value) === 'true';
}

/** Stripe's metadata update rules: a key set to '' is removed. */
export function mergeMetadata(current: Record<string, string>, update: FormValue | undefined): Record<string, string> {
  if (update === undefined) return current;
  if (str(update) === '') return {};
  const next = { ...current };
  for (const [key, value] of Object.entries(obj(update))) {
    const text = str(value) ?? '';
    if (text === '') delete next[key];
    else next[key] = text;
  }
  return next;
}
