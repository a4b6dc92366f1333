import type { BookingStatus } from '@sf/contracts';
import { Conflict, Forbidden } from '@sf/errors';

export type BookingParty = 'guest' | 'chef';

/** What a party can do to a booking, who may do it, and from which statuses. */
export type BookingAction = 'pay' | 'confirm' | 'complete' | 'decline' | 'cancel' | 'review';

const ACTIONS: Record<BookingAction, { party: BookingParty; from: readonly BookingStatus[] }> = {
  pay: { party: 'guest', from: ['pending'] },
  confirm: { party: 'chef', from: ['paid'] },
  complete: { party: 'chef', from: ['confirmed'] },
  decline: { party: 'chef', from: ['pending', 'paid', 'confirmed'] },
  cancel: { party: 'guest', from: ['pending', 'paid', 'confirmed'] },
  review: { party: 'guest', from: ['completed'] },
};

/** Statuses still holding the chef's time: a new booking may not overlap them. */
export const SLOT_HOLDING_STATUSES: readonly BookingStatus[] = ['pending', 'paid', 'confirmed', 'completed'];

/**
 * Checks that `party` may take `action` on a booking in status `from`. The wrong party is refused
 * (403) before the state is looked at, so a transition by the wrong party is 403 even when it
 * would also be impossible; an impossible transition by the right party is 409.
 */
export function authorizeAction(action: BookingAction, party: BookingParty, from: BookingStatus): void {
  const rule = ACTIONS[action];
  if (rule.party !== party) throw new Forbidden(`Only the ${rule.party} may ${action} this booking`);
  if (!rule.from.includes(from)) throw new Conflict(`A ${from} booking cannot be ${pastTense(action)}`, { status: from });
}

/**
 * The action a `PUT {status}` asks for. `paid` (the payment does it), `refunded` (cancelling
 * does it) and `pending` (never a destination) are refused: 403 to the party they do not belong
 * to, 409 to the one they do.
 */
export function actionForStatus(status: BookingStatus, party: BookingParty, from: BookingStatus): BookingAction {
  switch (status) {
    case 'confirmed':
      return 'confirm';
    case 'completed':
      return 'complete';
    case 'declined':
      return 'decline';
    case 'cancelled':
      return 'cancel';
    case 'paid':
      if (party !== 'guest') throw new Forbidden('Only the guest pays for a booking');
      throw new Conflict('A booking becomes paid when its payment completes: POST /api/coocook/bookings/{id}/pay', { status: from });
    case 'refunded':
      if (party !== 'guest') throw new Forbidden('Only the guest cancels (and is refunded)');
      throw new Conflict('A paid booking is refunded by cancelling it: POST /api/coocook/bookings/{id}/cancel', { status: from });
    case 'pending':
      throw new Conflict('A booking never returns to pending', { status: from });
  }
}

function pastTense(action: BookingAction): string {
  return { pay: 'paid', confirm: 'confirmed', complete: 'completed', decline: 'declined', cancel: 'cancelled', review: 'reviewed' }[action];
}

/**
 * The cancellation policy for a guest cancelling a paid booking, by the time left before it
 * starts: 48 hours or more, everything back; 24 to 48 hours, half; less than 24 hours, nothing.
 * A chef declining (at any point) returns everything.
 */
export const CANCELLATION_POLICY = [
  { minHoursBefore: 48, refundPercent: 100 },
  { minHoursBefore: 24, refundPercent: 50 },
  { minHoursBefore: 0, refundPercent: 0 },
] as const;

/** KRW returned to a guest who cancels at `now` a booking paid `paid` that starts at `start`. */
export function guestRefund(paid: number, start: Date, now: Date): number {
  const hoursBefore = (start.getTime() - now.getTime()) / 3_600_000;
  const tier = CANCELLATION_POLICY.find((t) => hoursBefore >= t.minHoursBefore);
  return Math.floor((paid * (tier?.refundPercent ?? 0)) / 100);
}
