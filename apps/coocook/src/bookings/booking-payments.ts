import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import {
  BookingCheckoutView,
  CoocookBookingPaymentsFeed,
  EventOf,
  PayBookingDto,
  PaymentCreateIntent,
  PaymentRefund,
  RefundView,
  systemContext,
  UserContext,
} from '@sf/contracts';
import { ValidationFailed } from '@sf/errors';
import { EventConsumers } from '@sf/events';
import { RpcClient } from '@sf/messaging';
import { CoocookEvents } from '../shared/coocook-events';
import { Booking } from './booking.entity';
import { authorizeAction } from './booking-rules';
import { BOOKING_REFERENCE_PREFIX, bookingEventData, bookingReference } from './booking.view';
import { BookingsService } from './bookings.service';

type PaymentCompleted = EventOf<(typeof CoocookBookingPaymentsFeed)['reads']>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Money for bookings, through the payment service: the guest's checkout, the `payment.completed`
 * event that makes a booking paid, and refunds. Each booking is one payment reference
 * (`coocook.booking:<id>`), which the payment service charges once and refunds once.
 */
@Injectable()
export class BookingPayments implements OnApplicationBootstrap {
  private readonly logger = new Logger('BookingPayments');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly bookings: BookingsService,
    private readonly rpc: RpcClient,
    private readonly consumers: EventConsumers,
    private readonly events: CoocookEvents,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.consumers.register(CoocookBookingPaymentsFeed, {
      prepare: (event) => this.refundIfEnded(event),
      handle: (event, manager, refund) => this.paymentCompleted(event, manager, refund ?? null),
    });
  }

  /** The guest starts paying a pending booking: one request to the payment service. */
  async pay(ctx: UserContext, id: string, dto: PayBookingDto): Promise<BookingCheckoutView> {
    const { booking, party } = await this.bookings.findFor(this.dataSource.manager, ctx, id);
    authorizeAction('pay', party, booking.status);
    if (dto.amount !== undefined && dto.amount !== booking.totalPrice) {
      throw new ValidationFailed({ amount: [`must be the booking's total_price, ${booking.totalPrice}`] });
    }
    const intent = await this.rpc.call(PaymentCreateIntent, {
      ctx,
      body: {
        reference: bookingReference(booking.id),
        amount_krw: booking.totalPrice,
        description: `CooCook booking: ${booking.durationHours} h from ${booking.bookingDate.toISOString()}`,
      },
    });
    if (booking.paymentId !== intent.payment_id)
      await this.dataSource.getRepository(Booking).update({ id }, { paymentId: intent.payment_id });
    return {
      booking_id: booking.id,
      payment_id: intent.payment_id,
      session_id: intent.session_id,
      checkout_url: intent.checkout_url,
      status: intent.status,
      amount_krw: intent.amount_krw,
      currency: 'KRW',
    };
  }

  /**
   * Returns `amount` KRW of a booking's payment to its guest, once (the payment service answers a
   * repeated refund of a reference with the first one). Called before the transaction that records
   * it, never inside one: a failed refund leaves the booking as it was, and asking again after a
   * failure or a crash answers the same refund.
   */
  refund(booking: Booking, amount: number, reason: string, requestId: string): Promise<RefundView> {
    return this.rpc.call(PaymentRefund, {
      ctx: { ...systemContext(requestId), user_id: booking.guestId },
      body: { reference: bookingReference(booking.id), amount_krw: amount, reason },
    });
  }

  private static bookingIdOf(event: PaymentCompleted): string | null {
    const reference = event.data.reference;
    if (typeof reference !== 'string' || !reference.startsWith(BOOKING_REFERENCE_PREFIX)) return null;
    const id = reference.slice(BOOKING_REFERENCE_PREFIX.length);
    return UUID.test(id) ? id : null;
  }

  /** Before `paymentCompleted`'s transaction: the full refund a booking ended before its payment came through is owed. */
  private async refundIfEnded(event: PaymentCompleted): Promise<RefundView | null> {
    const id = BookingPayments.bookingIdOf(event);
    const booking = id ? await this.dataSource.getRepository(Booking).findOneBy({ id }) : null;
    if (!booking || !(booking.status === 'cancelled' || booking.status === 'declined') || booking.refundId !== null) return null;
    return this.refund(booking, event.data.amount_krw, 'Booking cancelled before its payment completed', event.id);
  }

  /**
   * `payment.completed` for a booking: a pending booking becomes paid. A booking cancelled or
   * declined before its payment came through is refunded in full (`refundIfEnded` made the
   * refund). Anything else (a redelivery, a booking already paid) changes nothing.
   */
  private async paymentCompleted(event: PaymentCompleted, manager: EntityManager, refund: RefundView | null): Promise<void> {
    const id = BookingPayments.bookingIdOf(event);
    if (!id) return;
    const booking = await manager.findOne(Booking, { where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!booking) {
      this.logger.warn({ msg: 'payment for an unknown booking', booking_id: id, payment_id: event.data.payment_id });
      return;
    }
    if (booking.status === 'pending') {
      booking.status = 'paid';
      booking.paidAt = new Date(event.time);
      booking.paymentId = event.data.payment_id;
      await manager.save(Booking, booking);
      await this.events.record(manager, 'booking.paid', booking.id, { ...bookingEventData(booking), payment_id: event.data.payment_id });
      return;
    }
    if ((booking.status === 'cancelled' || booking.status === 'declined') && booking.refundId === null) {
      // Ended after the refund was looked for: the redelivery makes it.
      if (!refund) throw new Error('booking ended while its payment was applied; retrying');
      booking.paymentId = event.data.payment_id;
      booking.paidAt = new Date(event.time);
      booking.refundAmountKrw = refund.amount_krw;
      booking.refundId = refund.refund_id;
      if (booking.status === 'cancelled') booking.status = 'refunded';
      await manager.save(Booking, booking);
    }
  }
}
