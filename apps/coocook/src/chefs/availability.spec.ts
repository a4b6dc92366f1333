import { fitsAvailability, isTimeZone, localTime, normaliseAvailability } from './availability';

const at = (iso: string) => new Date(iso);
const hours = (start: string, h: number) => [at(start), new Date(at(start).getTime() + h * 3_600_000)] as const;

describe('chef availability', () => {
  it('reads an instant in the chef’s zone: 2031-03-15T10:00Z is Saturday 19:00 in Seoul', () => {
    expect(localTime(at('2031-03-15T10:00:00Z'), 'Asia/Seoul')).toEqual({ date: '2031-03-15', weekday: 6, minute: 19 * 60 });
  });

  it('accepts any slot while nothing is set', () => {
    expect(fitsAvailability(null, 'Asia/Seoul', ...hours('2031-03-15T03:00:00Z', 3))).toBe(true);
    expect(fitsAvailability({ weekly: [], exceptions: [] }, 'UTC', ...hours('2031-03-15T03:00:00Z', 3))).toBe(true);
  });

  it('accepts a booking inside a weekly window of its weekday and refuses one that spills over', () => {
    const availability = normaliseAvailability({ weekly: [{ day_of_week: 6, start_time: '17:00', end_time: '22:00' }] });
    // Saturday 19:00-22:00 in Seoul.
    expect(fitsAvailability(availability, 'Asia/Seoul', ...hours('2031-03-15T10:00:00Z', 3))).toBe(true);
    // Saturday 20:00-23:00: past the window.
    expect(fitsAvailability(availability, 'Asia/Seoul', ...hours('2031-03-15T11:00:00Z', 3))).toBe(false);
    // Sunday: no window.
    expect(fitsAvailability(availability, 'Asia/Seoul', ...hours('2031-03-16T10:00:00Z', 3))).toBe(false);
  });

  it('lets a dated exception close a day or replace its windows', () => {
    const availability = normaliseAvailability({
      weekly: [{ day_of_week: 6, start_time: '17:00', end_time: '22:00' }],
      exceptions: [
        { date: '2031-03-15', available: false },
        { date: '2031-03-16', available: true, start_time: '09:00', end_time: '12:00' },
      ],
    });
    expect(fitsAvailability(availability, 'UTC', ...hours('2031-03-15T18:00:00Z', 2))).toBe(false);
    expect(fitsAvailability(availability, 'UTC', ...hours('2031-03-16T09:00:00Z', 3))).toBe(true);
    expect(fitsAvailability(availability, 'UTC', ...hours('2031-03-22T18:00:00Z', 2))).toBe(true);
  });

  it('with only exceptions set, keeps every other day open', () => {
    const availability = normaliseAvailability({ weekly: [], exceptions: [{ date: '2031-03-15', available: false }] });
    expect(fitsAvailability(availability, 'UTC', ...hours('2031-03-15T10:00:00Z', 2))).toBe(false);
    expect(fitsAvailability(availability, 'UTC', ...hours('2031-03-14T10:00:00Z', 2))).toBe(true);
  });

  it('counts a booking that ends at midnight as ending at 24:00, and refuses one that crosses it', () => {
    const availability = normaliseAvailability({ weekly: [{ day_of_week: 6, start_time: '20:00', end_time: '24:00' }] });
    expect(fitsAvailability(availability, 'UTC', ...hours('2031-03-15T21:00:00Z', 3))).toBe(true);
    expect(fitsAvailability(availability, 'UTC', ...hours('2031-03-15T22:00:00Z', 3))).toBe(false);
  });

  it('refuses windows that end before they start, and a date both closed and open', () => {
    expect(() => normaliseAvailability({ weekly: [{ day_of_week: 1, start_time: '18:00', end_time: '09:00' }] })).toThrow(
      expect.objectContaining({ details: { 'weekly.0.end_time': ['must be after start_time'] } }),
    );
    expect(() =>
      normaliseAvailability({
        weekly: [],
        exceptions: [
          { date: '2031-03-15', available: false },
          { date: '2031-03-15', available: true, start_time: '09:00', end_time: '10:00' },
        ],
      }),
    ).toThrow(expect.objectContaining({ code: 'VALIDATION_ERROR' }));
  });

  it('knows real time zones only', () => {
    expect(isTimeZone('Asia/Seoul')).toBe(true);
    expect(isTimeZone('Mars/Olympus')).toBe(false);
  });
});
