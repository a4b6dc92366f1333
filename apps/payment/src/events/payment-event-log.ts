import { Injectable } from '@nestjs/common';
import { PaymentEventMap } from '@sf/contracts';
import { TypedEventLog } from '@sf/events';

/** Payment's events, typed by `PaymentEventMap`; the CloudEvent's `subject` is the user id. */
@Injectable()
export class PaymentEventLog extends TypedEventLog<PaymentEventMap> {}
