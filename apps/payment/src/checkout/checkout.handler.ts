import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { CheckoutCancelView, PaymentCancelled, PaymentCheckout, PaymentStatus, PaymentSuccess, RequestOf, ResponseOf } from '@sf/contracts';
import { CheckoutService } from './checkout.service';

@Controller()
export class CheckoutHandler {
  constructor(private readonly checkout: CheckoutService) {}

  @MessagePattern(PaymentCheckout.subject)
  create(@Payload() req: RequestOf<typeof PaymentCheckout>): Promise<ResponseOf<typeof PaymentCheckout>> {
    return this.checkout.create(req.ctx, req.body);
  }

  @MessagePattern(PaymentStatus.subject)
  status(@Payload() req: RequestOf<typeof PaymentStatus> & { params: { session_id: string } }): Promise<ResponseOf<typeof PaymentStatus>> {
    return this.checkout.status(req.ctx, req.params.session_id);
  }

  @MessagePattern(PaymentSuccess.subject)
  success(@Payload() req: RequestOf<typeof PaymentSuccess>): Promise<ResponseOf<typeof PaymentSuccess>> {
    return this.checkout.success(req.query.session_id);
  }

  @MessagePattern(PaymentCancelled.subject)
  cancelled(): CheckoutCancelView {
    return { status: 'canceled', message: 'Checkout cancelled; nothing was charged' };
  }
}
