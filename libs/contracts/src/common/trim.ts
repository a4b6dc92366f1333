import { Transform } from 'class-transformer';

/** Trims a string field before it is validated, so "   " is as empty as "". */
export function Trim(): PropertyDecorator {
  return Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value));
}
