import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
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

  @MessagePattern(BookingCreate.subject)
  create(@Payload() req: RequestOf<typeof BookingCreate>): Promise<ResponseOf<typeof BookingCreate>> {
    return this.bookings.create(req.ctx, req.body);
  }

  @MessagePattern(BookingList.subject)
  list(@Payload() req: RequestOf<typeof BookingList>): Promise<ResponseOf<typeof BookingList>> {
    return this.bookings.list(req.ctx, req.query);
  }

  @MessagePattern(BookingGet.subject)
  get(@Payload() req: RequestOf<typeof BookingGet>): Promise<ResponseOf<typeof BookingGet>> {
    return this.bookings.get(req.ctx, req.params.id);
  }

  @MessagePattern(BookingUpdateStatus.subject)
  updateStatus(@Payload() req: RequestOf<typeof BookingUpdateStatus>): Promise<ResponseOf<typeof BookingUpdateStatus>> {
    return this.lifecycle.updateStatus(req.ctx, req.params.id, req.body);
  }

  @MessagePattern(BookingCancel.subject)
  cancel(@Payload() req: RequestOf<typeof BookingCancel>): Promise<ResponseOf<typeof BookingCancel>> {
    return this.lifecycle.cancel(req.ctx, req.params.id, req.body.reason);
  }

  @MessagePattern(BookingPay.subject)
  pay(@Payload() req: RequestOf<typeof BookingPay>): Promise<ResponseOf<typeof BookingPay>> {
    return this.payments.pay(req.ctx, req.params.id, req.body);
  }

  @MessagePattern(BookingReviewCreate.subject)
  review(@Payload() req: RequestOf<typeof BookingReviewCreate>): Promise<ResponseOf<typeof BookingReviewCreate>> {
    return this.lifecycle.review(req.ctx, req.params.id, req.body);
  }
}
