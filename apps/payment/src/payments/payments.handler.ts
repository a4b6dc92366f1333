import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { InternalRequestOf, InternalResponseOf, PaymentCreateIntent, PaymentRefund } from '@sf/contracts';
import { Handles } from '@sf/messaging';
import { PaymentsService } from './payments.service';

/** The API other services use to charge for what they sell, and to refund it. */
@Controller()
export class PaymentsHandler {
  constructor(private readonly payments: PaymentsService) {}

  @Handles(PaymentCreateIntent)
  createIntent(@Payload() req: InternalRequestOf<typeof PaymentCreateIntent>): Promise<InternalResponseOf<typeof PaymentCreateIntent>> {
    return this.payments.createIntent(req.ctx, req.body);
  }

  @Handles(PaymentRefund)
  refund(@Payload() req: InternalRequestOf<typeof PaymentRefund>): Promise<InternalResponseOf<typeof PaymentRefund>> {
    return this.payments.refund(req.ctx, req.body);
  }
}
