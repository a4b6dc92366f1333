import type { Frequency } from '@sf/contracts';

interface LocalParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  weekday: number;
}

/** The wall-clock reading of `date` in `timeZone`. */
export function localParts(date: Date, timeZone: string): LocalParts {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    weekday: 'short',
    hourCycle: 'h23',
  }).formatToParts(date);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '0';
  return {
    year: Number(get('year')),
    month: Number(get('month')),
    day: Number(get('day')),
    hour: Number(get('hour')),
    minute: Number(get('minute')),
    weekday: ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'].indexOf(get('weekday')),
  };
}

/** The instant a wall-clock time in `timeZone` names (the later one across a DST gap). */
export function zonedTime(year: number, month: number, day: number, hour: number, minute: number, timeZone: string): Date {
  const guess = Date.UTC(year, month - 1, day, hour, minute);
  let result = guess;
  for (let i = 0; i < 2; i++) {
    const p = localParts(new Date(result), timeZone);
    const shown = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute);
    result += guess - shown;
  }
  return new Date(result);
}

/**
 * The next run after `after`: at `timeOfDay` (HH:MM) in `timeZone`, every day; every week on the
 * anchor's weekday; or every month on the anchor's day of the month (the month's last day when it
 * is shorter). The anchor is when the automation was made.
 */
export function nextRun(after: Date, frequency: Frequency, timeOfDay: string, timeZone: string, anchor: Date): Date {
  const [hour, minute] = timeOfDay.split(':').map(Number);
  const start = localParts(after, timeZone);
  const from = localParts(anchor, timeZone);
  for (let offset = 0; offset < 400; offset++) {
    const day = new Date(Date.UTC(start.year, start.month - 1, start.day + offset));
    const y = day.getUTCFullYear();
    const m = day.getUTCMonth() + 1;
    const d = day.getUTCDate();
    if (frequency === 'weekly' && day.getUTCDay() !== from.weekday) continue;
    if (frequency === 'monthly') {
      const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
      if (d !== Math.min(from.day, last)) continue;
    }
    const candidate = zonedTime(y, m, d, hour === 24 ? 23 : hour, hour === 24 ? 59 : minute, timeZone);
    if (candidate.getTime() > after.getTime()) return candidate;
  }
  throw new Error('no next run within 400 days');
}
