import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { CreatePaymentIntentRequest, PaymentIntentView, PaymentSubjects, RefundPaymentRequest, RefundView } from '@sf/contracts';
import { PaymentsService } from './payments.service';

/** The API other services use to charge for what they sell, and to refund it. */
@Controller()
export class PaymentsHandler {
  constructor(private readonly payments: PaymentsService) {}

  @MessagePattern(PaymentSubjects.createIntent)
  createIntent(@Payload() req: CreatePaymentIntentRequest): Promise<PaymentIntentView> {
    return this.payments.createIntent(req?.ctx, req?.body);
  }

  @MessagePattern(PaymentSubjects.refund)
  refund(@Payload() req: RefundPaymentRequest): Promise<RefundView> {
    return this.payments.refund(req?.ctx, req?.body);
  }
}
