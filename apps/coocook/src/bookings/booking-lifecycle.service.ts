import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import {
  BookingReviewDto,
  BookingStatus,
  BookingView,
  ChefReviewView,
  RefundView,
  UpdateBookingStatusDto,
  UserContext,
} from '@sf/contracts';
import { Conflict } from '@sf/errors';
import { BookingReview } from '../chefs/booking-review.entity';
import { ChefActivity } from '../chefs/chef.entity';
import { toChefReviewView } from '../chefs/chef.view';
import { CoocookEvents } from '../shared/coocook-events';
import { isUniqueViolation } from '../shared/database-errors';
import { Booking } from './booking.entity';
import { BookingPayments } from './booking-payments';
import { actionForStatus, authorizeAction, BookingAction, BookingParty, guestRefund } from './booking-rules';
import { bookingEventData } from './booking.view';
import { BookingsService } from './bookings.service';
import { inTransaction } from '@sf/idempotency';
import { countRating } from '../shared/ratings';

/**
 * A booking's life after creation: the chef confirms, completes or declines; the guest cancels
 * (refunded by the policy) and reviews. Each step locks the booking, checks the party and the
 * state, changes it and records its event in one transaction. A refund is asked of the payment
 * service before that transaction, never inside it (see `refundOwed`).
 */
@Injectable()
export class BookingLifecycleService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly bookings: BookingsService,
    private readonly payments: BookingPayments,
    private readonly events: CoocookEvents,
  ) {}

  /** `PUT /bookings/{id}` `{status}`. */
  async updateStatus(ctx: UserContext, id: string, dto: UpdateBookingStatusDto): Promise<BookingView> {
    const refund = await this.refundOwed(ctx, id, (party, from) => actionForStatus(dto.status, party, from));
    return inTransaction(this.dataSource, async (manager) => {
      const { booking, party } = await this.bookings.findFor(manager, ctx, id, true);
      const action = actionForStatus(dto.status, party, booking.status);
      switch (action) {
        case 'confirm':
          authorizeAction('confirm', party, booking.status);
          booking.status = 'confirmed';
          booking.confirmedAt = new Date();
          await manager.save(Booking, booking);
          await this.events.record(manager, 'booking.confirmed', booking.id, bookingEventData(booking));
          break;
        case 'complete':
          authorizeAction('complete', party, booking.status);
          booking.status = 'completed';
          booking.completedAt = new Date();
          await manager.save(Booking, booking);
          await this.events.record(manager, 'booking.completed', booking.id, bookingEventData(booking));
          break;
        default:
          await this.endBooking(manager, booking, party, action === 'decline' ? 'decline' : 'cancel', dto.reason, refund);
      }
      return this.bookings.view(manager, booking);
    });
  }

  /** `POST /bookings/{id}/cancel`: the guest's cancellation. */
  async cancel(ctx: UserContext, id: string, reason: string | undefined): Promise<BookingView> {
    const refund = await this.refundOwed(ctx, id, () => 'cancel');
    return inTransaction(this.dataSource, async (manager) => {
      const { booking, party } = await this.bookings.findFor(manager, ctx, id, true);
      await this.endBooking(manager, booking, party, 'cancel', reason, refund);
      return this.bookings.view(manager, booking);
    });
  }

  /** The guest reviews a completed booking, once; the chef's rating takes the review in. */
  async review(ctx: UserContext, id: string, dto: BookingReviewDto): Promise<ChefReviewView> {
    try {
      return await inTransaction(this.dataSource, async (manager) => {
        const { booking, party } = await this.bookings.findFor(manager, ctx, id, true);
        authorizeAction('review', party, booking.status);
        if (await manager.existsBy(BookingReview, { bookingId: booking.id })) throw new Conflict('This booking has already been reviewed');
        const review = await manager.save(
          BookingReview,
          manager.create(BookingReview, {
            bookingId: booking.id,
            chefId: booking.chefId,
            guestId: booking.guestId,
            rating: dto.rating,
            comment: dto.comment?.trim() || null,
          }),
        );
        const rating = (await countRating(manager, 'chefs', booking.chefId, dto.rating, 1))!;
        await manager.save(
          ChefActivity,
          manager.create(ChefActivity, {
            chefId: booking.chefId,
            kind: 'chef.reviewed',
            subjectId: review.id,
            summary: `${rating.name} received a ${dto.rating}-star review`,
            data: { rating: dto.rating, comment: review.comment, booking_id: booking.id },
          }),
        );
        await this.events.record(manager, 'chef.reviewed', booking.chefId, {
          chef_id: booking.chefId,
          review_id: review.id,
          booking_id: booking.id,
          guest_id: booking.guestId,
          rating: dto.rating,
          rating_avg: Number(rating.rating_avg),
          rating_count: rating.rating_count,
        });
        return toChefReviewView(review);
      });
    } catch (error) {
      if (isUniqueViolation(error, 'booking_reviews_booking_id_key')) throw new Conflict('This booking has already been reviewed');
      throw error;
    }
  }

  /**
   * What ending a booking (cancel or decline) gives back: by the policy for the guest, in full for
   * the chef; nothing when it was not paid.
   */
  private static refundAmount(booking: Booking, action: 'cancel' | 'decline', now: Date): number {
    const paid = booking.status === 'paid' || booking.status === 'confirmed';
    if (!paid) return 0;
    return action === 'decline' ? booking.totalPrice : guestRefund(booking.totalPrice, booking.bookingDate, now);
  }

  /**
   * The refund that ending a booking owes, asked of the payment service before the booking's
   * transaction opens (the party and the state checked first, on the booking as read). The payment
   * service refunds a booking's reference once and answers a repeat with that refund, so a retry
   * after a failure or a crash gets the same refund back, never a second one.
   */
  private async refundOwed(
    ctx: UserContext,
    id: string,
    actionOf: (party: BookingParty, from: BookingStatus) => BookingAction,
  ): Promise<RefundView | null> {
    const { booking, party } = await this.bookings.findFor(this.dataSource.manager, ctx, id);
    const action = actionOf(party, booking.status);
    if (action !== 'cancel' && action !== 'decline') return null;
    authorizeAction(action, party, booking.status);
    const amount = BookingLifecycleService.refundAmount(booking, action, new Date());
    if (amount <= 0) return null;
    return this.payments.refund(booking, amount, action === 'decline' ? 'Declined by the chef' : 'Cancelled by the guest', ctx.request_id);
  }

  /**
   * Cancellation by the guest or decline by the chef, on the locked booking, with the refund
   * already made by `refundOwed` (its amount is what went back).
   */
  private async endBooking(
    manager: EntityManager,
    booking: Booking,
    party: BookingParty,
    action: 'cancel' | 'decline',
    reason: string | undefined,
    refund: RefundView | null,
  ): Promise<void> {
    authorizeAction(action, party, booking.status);
    const now = new Date();
    const paid = booking.status === 'paid' || booking.status === 'confirmed';
    const owed = BookingLifecycleService.refundAmount(booking, action, now);
    // Paid between the read and the lock: the refund was not asked for; the caller asks again.
    if (owed > 0 && !refund) throw new Conflict('The booking changed meanwhile; try again', { status: booking.status });
    const refundAmount = owed > 0 && refund ? refund.amount_krw : 0;
    if (refundAmount > 0 && refund) booking.refundId = refund.refund_id;
    booking.refundAmountKrw = paid ? refundAmount : null;
    booking.status = action === 'decline' ? 'declined' : refundAmount > 0 ? 'refunded' : 'cancelled';
    booking.cancelledAt = now;
    booking.cancelledBy = party;
    booking.cancellationReason = reason?.trim() || null;
    await manager.save(Booking, booking);
    await this.events.record(manager, 'booking.cancelled', booking.id, {
      ...bookingEventData(booking),
      cancelled_by: party,
      refund_amount_krw: refundAmount,
      reason: booking.cancellationReason,
    });
  }
}
