import { ValidationFailed } from '@sf/errors';

export interface Period {
  start: Date;
  end: Date;
}

const DAY_MS = 86_400_000;

/** `[date_from, date_to)`, by default the `defaultDays` up to now; an empty or reversed period is a 422. */
export function resolvePeriod(query: { date_from?: string; date_to?: string }, defaultDays = 30): Period {
  const end = query.date_to ? new Date(query.date_to) : new Date();
  const start = query.date_from ? new Date(query.date_from) : new Date(end.getTime() - defaultDays * DAY_MS);
  if (start.getTime() >= end.getTime()) throw new ValidationFailed({ date_from: ['date_from must be before date_to'] });
  return { start, end };
}

/** A ratio rounded to 4 places, or null when the denominator is 0 (no data, said so). */
export function ratio(numerator: number, denominator: number): number | null {
  return denominator > 0 ? Math.round((numerator / denominator) * 10_000) / 10_000 : null;
}

/** `YYYY-MM` of a date, in UTC. */
export function monthKey(date: Date): string {
  return date.toISOString().slice(0, 7);
}

/** The first instant of the UTC month `offset` months after `date`'s. */
export function monthStart(date: Date, offset = 0): Date {
  return new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + offset, 1));
}
