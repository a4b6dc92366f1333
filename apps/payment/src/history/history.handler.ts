import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { PaymentHistory, PaymentStatements, RequestOf, ResponseOf } from '@sf/contracts';
import { Handles } from '@sf/messaging';
import { HistoryService } from './history.service';

@Controller()
export class HistoryHandler {
  constructor(private readonly history: HistoryService) {}

  @Handles(PaymentHistory)
  list(@Payload() req: RequestOf<typeof PaymentHistory>): Promise<ResponseOf<typeof PaymentHistory>> {
    return this.history.history(req.ctx, req.query);
  }

  @Handles(PaymentStatements)
  statements(@Payload() req: RequestOf<typeof PaymentStatements>): Promise<ResponseOf<typeof PaymentStatements>> {
    return this.history.statements(req.ctx, req.query);
  }
}
