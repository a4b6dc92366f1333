import type { UpdateAvailabilityDto } from '@sf/contracts';
import { ValidationFailed } from '@sf/errors';
import type { AvailabilityException, WeeklySlot } from './chef.entity';

const MINUTES_PER_DAY = 24 * 60;

/** `HH:MM` (or `24:00`) as minutes since midnight. */
export function minutesOf(time: string): number {
  const [h, m] = time.split(':').map(Number);
  return h * 60 + m;
}

/** True when `zone` is an IANA time zone this runtime knows. */
export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** The wall-clock date, weekday (0 = Sunday) and minute of an instant in a zone. */
export function localTime(instant: Date, zone: string): { date: string; weekday: number; minute: number } {
  let format = formatters.get(zone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      weekday: 'short',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(zone, format);
  }
  const parts = Object.fromEntries(format.formatToParts(instant).map((p) => [p.type, p.value]));
  const weekday = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'].indexOf(parts.weekday);
  return { date: `${parts.year}-${parts.month}-${parts.day}`, weekday, minute: Number(parts.hour) * 60 + Number(parts.minute) };
}

export interface Availability {
  weekly: WeeklySlot[];
  exceptions: AvailabilityException[];
}

/**
 * Checks and normalises what a chef sends: every window ends after it starts, an exception date
 * appears as a closed day or as open windows but not both. Sorted, so the stored form is stable.
 */
export function normaliseAvailability(dto: UpdateAvailabilityDto): Availability {
  const problems: Record<string, string[]> = {};
  const weekly = dto.weekly.map((slot, i) => {
    if (minutesOf(slot.end_time) <= minutesOf(slot.start_time)) problems[`weekly.${i}.end_time`] = ['must be after start_time'];
    if (slot.start_time === '24:00') problems[`weekly.${i}.start_time`] = ['must be before 24:00'];
    return { day_of_week: slot.day_of_week, start_time: slot.start_time, end_time: slot.end_time };
  });
  const closed = new Set<string>();
  const open = new Set<string>();
  const exceptions = (dto.exceptions ?? []).map((exception, i): AvailabilityException => {
    if (!exception.available) {
      closed.add(exception.date);
      return { date: exception.date, available: false, start_time: null, end_time: null };
    }
    open.add(exception.date);
    const start = exception.start_time as string;
    const end = exception.end_time as string;
    if (minutesOf(end) <= minutesOf(start)) problems[`exceptions.${i}.end_time`] = ['must be after start_time'];
    return { date: exception.date, available: true, start_time: start, end_time: end };
  });
  for (const date of closed) if (open.has(date)) problems.exceptions = [`${date} is both closed and open`];
  if (Object.keys(problems).length) throw new ValidationFailed(problems);
  weekly.sort((a, b) => a.day_of_week - b.day_of_week || a.start_time.localeCompare(b.start_time));
  exceptions.sort((a, b) => a.date.localeCompare(b.date) || (a.start_time ?? '').localeCompare(b.start_time ?? ''));
  return { weekly, exceptions };
}

/** False while the chef has set nothing: then any future slot is bookable. */
export function isRestricted(availability: Availability | null): boolean {
  return !!availability && (availability.weekly.length > 0 || availability.exceptions.length > 0);
}

/**
 * Whether [start, end) lies inside the chef's availability, read in the chef's zone. The day's
 * windows are the exceptions for that date when there are any (a closed day has none), else the
 * weekly windows of that weekday, else (no weekly windows at all) the whole day. A booking must
 * fit in one window of one day; ending exactly at midnight counts as 24:00 of its start day.
 */
export function fitsAvailability(availability: Availability | null, zone: string, start: Date, end: Date): boolean {
  if (!isRestricted(availability)) return true;
  const { weekly, exceptions } = availability as Availability;
  const from = localTime(start, zone);
  const to = localTime(end, zone);
  let endMinute = to.minute;
  if (to.date !== from.date) {
    const endsAtMidnight = to.minute === 0 && end.getTime() - start.getTime() <= MINUTES_PER_DAY * 60_000;
    if (!endsAtMidnight) return false;
    endMinute = MINUTES_PER_DAY;
  }
  const dated = exceptions.filter((e) => e.date === from.date);
  let windows: [number, number][];
  if (dated.length) {
    windows = dated.filter((e) => e.available).map((e) => [minutesOf(e.start_time as string), minutesOf(e.end_time as string)]);
  } else if (weekly.length) {
    windows = weekly.filter((s) => s.day_of_week === from.weekday).map((s) => [minutesOf(s.start_time), minutesOf(s.end_time)]);
  } else {
    windows = [[0, MINUTES_PER_DAY]];
  }
  return windows.some(([open, close]) => from.minute >= open && endMinute <= close);
}
