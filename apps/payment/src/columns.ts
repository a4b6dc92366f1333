import { ValueTransformer } from 'typeorm';

/** Integer KRW stored as bigint: read back as a JS number (exact up to 9e15 won). */
export const krw: ValueTransformer = {
  to: (value: number | null | undefined) => value,
  from: (value: string | null) => (value === null || value === undefined ? value : Number(value)),
};

/** numeric(5,2) percentages as numbers. */
export const percent: ValueTransformer = {
  to: (value: number | null | undefined) => value,
  from: (value: string | null) => (value === null || value === undefined ? value : Number(value)),
};

export const iso = (date: Date | null | undefined): string | null => (date ? date.toISOString() : null);
