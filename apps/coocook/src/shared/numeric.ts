import type { ValueTransformer } from 'typeorm';

/** `numeric` columns arrive as strings from pg; the domain wants numbers. */
export const numericTransformer: ValueTransformer = {
  to: (value: number | null | undefined) => value,
  from: (value: string | null) => (value === null ? null : Number(value)),
};

/** Rounds to `digits` decimals, for quantities and averages shown to people. */
export function round(value: number, digits = 2): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}
