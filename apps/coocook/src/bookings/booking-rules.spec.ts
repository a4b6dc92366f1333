import { BOOKING_STATUSES, BookingStatus } from '@sf/contracts';
import { actionForStatus, authorizeAction, BookingAction, BookingParty, guestRefund } from './booking-rules';

const codeOf = (fn: () => unknown): string | null => {
  try {
    fn();
    return null;
  } catch (error) {
    return (error as { code: string }).code;
  }
};

describe('booking rules', () => {
  it('lets the guest pay and cancel, the chef confirm, complete and decline, each from its statuses only', () => {
    const allowed: [BookingAction, BookingParty, BookingStatus[]][] = [
      ['pay', 'guest', ['pending']],
      ['cancel', 'guest', ['pending', 'paid', 'confirmed']],
      ['review', 'guest', ['completed']],
      ['confirm', 'chef', ['paid']],
      ['complete', 'chef', ['confirmed']],
      ['decline', 'chef', ['pending', 'paid', 'confirmed']],
    ];
    for (const [action, party, from] of allowed) {
      const other: BookingParty = party === 'guest' ? 'chef' : 'guest';
      for (const status of BOOKING_STATUSES) {
        expect({ action, party, status, code: codeOf(() => authorizeAction(action, party, status)) }).toEqual({
          action,
          party,
          status,
          code: from.includes(status) ? null : 'CONFLICT',
        });
        // The wrong party is refused whatever the status.
        expect(codeOf(() => authorizeAction(action, other, status))).toBe('FORBIDDEN');
      }
    }
  });

  it('maps PUT {status} onto actions and refuses the statuses no party sets directly', () => {
    expect(actionForStatus('confirmed', 'chef', 'paid')).toBe('confirm');
    expect(actionForStatus('cancelled', 'guest', 'paid')).toBe('cancel');
    expect(codeOf(() => actionForStatus('paid', 'guest', 'pending'))).toBe('CONFLICT');
    expect(codeOf(() => actionForStatus('paid', 'chef', 'pending'))).toBe('FORBIDDEN');
    expect(codeOf(() => actionForStatus('refunded', 'guest', 'paid'))).toBe('CONFLICT');
    expect(codeOf(() => actionForStatus('refunded', 'chef', 'paid'))).toBe('FORBIDDEN');
    expect(codeOf(() => actionForStatus('pending', 'guest', 'paid'))).toBe('CONFLICT');
  });

  it('refunds a guest in full 48 h or more ahead, half from 24 h, nothing later', () => {
    const start = new Date('2031-03-15T19:00:00Z');
    const hoursBefore = (h: number) => new Date(start.getTime() - h * 3_600_000);
    expect(guestRefund(150_001, start, hoursBefore(72))).toBe(150_001);
    expect(guestRefund(150_001, start, hoursBefore(48))).toBe(150_001);
    expect(guestRefund(150_001, start, hoursBefore(47.9))).toBe(75_000);
    expect(guestRefund(150_001, start, hoursBefore(24))).toBe(75_000);
    expect(guestRefund(150_001, start, hoursBefore(23.9))).toBe(0);
    expect(guestRefund(150_001, start, hoursBefore(-5))).toBe(0);
  });
});
