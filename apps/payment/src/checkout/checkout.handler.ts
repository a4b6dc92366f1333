import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { CheckoutCancelView, PaymentCancelled, PaymentCheckout, PaymentStatus, PaymentSuccess, RequestOf, ResponseOf } from '@sf/contracts';
import { Handles } from '@sf/messaging';
import { CheckoutService } from './checkout.service';

@Controller()
export class CheckoutHandler {
  constructor(private readonly checkout: CheckoutService) {}

  @Handles(PaymentCheckout)
  create(@Payload() req: RequestOf<typeof PaymentCheckout>): Promise<ResponseOf<typeof PaymentCheckout>> {
    return this.checkout.create(req.ctx, req.body);
  }

  @Handles(PaymentStatus)
  status(@Payload() req: RequestOf<typeof PaymentStatus> & { params: { session_id: string } }): Promise<ResponseOf<typeof PaymentStatus>> {
    return this.checkout.status(req.ctx, req.params.session_id);
  }

  @Handles(PaymentSuccess)
  success(@Payload() req: RequestOf<typeof PaymentSuccess>): Promise<ResponseOf<typeof PaymentSuccess>> {
    return this.checkout.success(req.query.session_id);
  }

  @Handles(PaymentCancelled)
  cancelled(): CheckoutCancelView {
    return { status: 'canceled', message: 'Checkout cancelled; nothing was charged' };
  }
}
