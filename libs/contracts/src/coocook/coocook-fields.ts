import { IsISO8601, Matches, MaxLength } from 'class-validator';

/** `HH:MM` on a 24-hour clock; `24:00` is allowed as the end of a day. */
export const TIME_OF_DAY = /^(?:[01]\d|2[0-3]):[0-5]\d$|^24:00$/;
/** A calendar date, `YYYY-MM-DD`. */
export const CALENDAR_DATE = /^\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])$/;
/** A date and time with an optional offset; without one it is taken as UTC (`2031-03-15T19:00:00`). */
export const DATE_TIME =
  /^\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])T(?:[01]\d|2[0-3]):[0-5]\d(?::[0-5]\d(?:\.\d{1,6})?)?(?:Z|[+-](?:[01]\d|2[0-3]):?[0-5]\d)?$/;

/**
 * An image given as an http(s) URL or as the id of a file uploaded to storage (a UUID), which the
 * service resolves to a URL when it stores the value.
 */
export function IsImageRef(): PropertyDecorator {
  return all(
    MaxLength(2048),
    Matches(/^(?:https?:\/\/[^\s]+|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i, {
      message: '$property must be an http(s) URL or the id of an uploaded file',
    }),
  );
}

/** A date and time as {@link DATE_TIME} describes, naming a real instant. */
export function IsDateTime(): PropertyDecorator {
  return all(
    IsISO8601({ strict: true }),
    Matches(DATE_TIME, { message: '$property must be a date and time such as 2031-03-15T19:00:00 (UTC unless an offset is given)' }),
  );
}

/** A real calendar day, `YYYY-MM-DD`. */
export function IsCalendarDate(): PropertyDecorator {
  return all(IsISO8601({ strict: true }), Matches(CALENDAR_DATE, { message: '$property must be a date, YYYY-MM-DD' }));
}

function all(...decorators: PropertyDecorator[]): PropertyDecorator {
  return (target, key) => {
    for (const decorate of decorators) decorate(target, key);
  };
}

/** Parses a {@link DATE_TIME} value; a value without an offset is UTC. Null when it names no instant. */
export function parseDateTime(value: string): Date | null {
  if (!DATE_TIME.test(value)) return null;
  const hasOffset = /(?:Z|[+-]\d{2}:?\d{2})$/.test(value);
  const date = new Date(hasOffset ? value : `${value}Z`);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** True when a `YYYY-MM-DD` value names a real day (not 2031-02-30). */
export function isRealDate(value: string): boolean {
  if (!CALENDAR_DATE.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}
