import { nextRun, zonedTime } from './next-run';

describe('nextRun', () => {
  const seoul = 'Asia/Seoul';

  it('runs daily at the local time of day, today if it is still ahead', () => {
    // 08:00 in Seoul is 23:00 UTC the day before.
    const after = new Date('2031-03-14T23:00:00Z');
    expect(nextRun(after, 'daily', '09:00', seoul, after).toISOString()).toBe('2031-03-15T00:00:00.000Z');
    const later = new Date('2031-03-15T01:00:00Z'); // 10:00 in Seoul
    expect(nextRun(later, 'daily', '09:00', seoul, later).toISOString()).toBe('2031-03-16T00:00:00.000Z');
  });

  it('runs weekly on the weekday it was made and monthly on its day of the month', () => {
    const made = new Date('2031-03-12T03:00:00Z'); // a Wednesday, 12:00 in Seoul
    const after = new Date('2031-03-13T00:00:00Z');
    expect(nextRun(after, 'weekly', '09:00', seoul, made).toISOString()).toBe('2031-03-19T00:00:00.000Z');
    const jan31 = new Date('2031-01-31T03:00:00Z');
    // February has no 31st: its last day.
    expect(nextRun(new Date('2031-02-01T00:00:00Z'), 'monthly', '09:00', seoul, jan31).toISOString()).toBe('2031-02-28T00:00:00.000Z');
  });

  it('follows daylight saving time in zones that have it', () => {
    expect(zonedTime(2031, 7, 1, 9, 0, 'America/New_York').toISOString()).toBe('2031-07-01T13:00:00.000Z');
    expect(zonedTime(2031, 12, 1, 9, 0, 'America/New_York').toISOString()).toBe('2031-12-01T14:00:00.000Z');
  });
});
