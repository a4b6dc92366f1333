import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import {
  BookingCancel,
  BookingCreate,
  BookingGet,
  BookingList,
  BookingPay,
  BookingReviewCreate,
  BookingUpdateStatus,
  RequestOf,
  ResponseOf,
} from '@sf/contracts';
import { Handles } from '@sf/messaging';
import { BookingLifecycleService } from './booking-lifecycle.service';
import { BookingPayments } from './booking-payments';
import { BookingsService } from './bookings.service';

@Controller()
export class BookingsHandler {
  constructor(
    private readonly bookings: BookingsService,
    private readonly lifecycle: BookingLifecycleService,
    private readonly payments: BookingPayments,
  ) {}

  @Handles(BookingCreate)
  create(@Payload() req: RequestOf<typeof BookingCreate>): Promise<ResponseOf<typeof BookingCreate>> {
    return this.bookings.create(req.ctx, req.body);
  }

  @Handles(BookingList)
  list(@Payload() req: RequestOf<typeof BookingList>): Promise<ResponseOf<typeof BookingList>> {
    return this.bookings.list(req.ctx, req.query);
  }

  @Handles(BookingGet)
  get(@Payload() req: RequestOf<typeof BookingGet>): Promise<ResponseOf<typeof BookingGet>> {
    return this.bookings.get(req.ctx, req.params.id);
  }

  @Handles(BookingUpdateStatus)
  updateStatus(@Payload() req: RequestOf<typeof BookingUpdateStatus>): Promise<ResponseOf<typeof BookingUpdateStatus>> {
    return this.lifecycle.updateStatus(req.ctx, req.params.id, req.body);
  }

  @Handles(BookingCancel)
  cancel(@Payload() req: RequestOf<typeof BookingCancel>): Promise<ResponseOf<typeof BookingCancel>> {
    return this.lifecycle.cancel(req.ctx, req.params.id, req.body.reason);
  }

  @Handles(BookingPay)
  pay(@Payload() req: RequestOf<typeof BookingPay>): Promise<ResponseOf<typeof BookingPay>> {
    return this.payments.pay(req.ctx, req.params.id, req.body);
  }

  @Handles(BookingReviewCreate)
  review(@Payload() req: RequestOf<typeof BookingReviewCreate>): Promise<ResponseOf<typeof BookingReviewCreate>> {
    return this.lifecycle.review(req.ctx, req.params.id, req.body);
  }
}
