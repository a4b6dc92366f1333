import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import {
  InternalRequestOf,
  InternalResponseOf,
  PaymentAdminCancelSubscription,
  PaymentAdminChangeSubscription,
  PaymentAdminRefundSubscription,
  PaymentCreateIntent,
  PaymentRefund,
} from '@sf/contracts';
import { Handles } from '@sf/messaging';
import { SubscriptionsService } from '../subscriptions/subscriptions.service';
import { PaymentsService } from './payments.service';

/** The API other services use to charge for what they sell, and to refund it. */
@Controller()
export class PaymentsHandler {
  constructor(
    private readonly payments: PaymentsService,
    private readonly subscriptions: SubscriptionsService,
  ) {}

  @Handles(PaymentCreateIntent)
  createIntent(@Payload() req: InternalRequestOf<typeof PaymentCreateIntent>): Promise<InternalResponseOf<typeof PaymentCreateIntent>> {
    return this.payments.createIntent(req.ctx, req.body);
  }

  @Handles(PaymentRefund)
  refund(@Payload() req: InternalRequestOf<typeof PaymentRefund>): Promise<InternalResponseOf<typeof PaymentRefund>> {
    return this.payments.refund(req.ctx, req.body);
  }

  @Handles(PaymentAdminChangeSubscription)
  adminChange(
    @Payload() req: InternalRequestOf<typeof PaymentAdminChangeSubscription>,
  ): Promise<InternalResponseOf<typeof PaymentAdminChangeSubscription>> {
    return this.subscriptions.adminChange(req.body);
  }

  @Handles(PaymentAdminCancelSubscription)
  adminCancel(
    @Payload() req: InternalRequestOf<typeof PaymentAdminCancelSubscription>,
  ): Promise<InternalResponseOf<typeof PaymentAdminCancelSubscription>> {
    return this.subscriptions.adminCancel(req.body);
  }

  /** Refunds the subscription's latest completed charge; Stripe's `charge.refunded` confirms it too. */
  @Handles(PaymentAdminRefundSubscription)
  async adminRefund(
    @Payload() req: InternalRequestOf<typeof PaymentAdminRefundSubscription>,
  ): Promise<InternalResponseOf<typeof PaymentAdminRefundSubscription>> {
    const sub = await this.subscriptions.anyUsers(req.body.subscription_id);
    return this.payments.refundSubscription(sub.id, sub.stripeSubscriptionId, req.body.amount_krw, req.body.reason);
  }
}
