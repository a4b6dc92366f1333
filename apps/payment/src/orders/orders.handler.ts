import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { OrderCancel, OrderCreate, OrderGet, OrdersList, RequestOf, ResponseOf } from '@sf/contracts';
import { OrdersService } from './orders.service';

@Controller()
export class OrdersHandler {
  constructor(private readonly orders: OrdersService) {}

  @MessagePattern(OrderCreate.subject)
  create(@Payload() req: RequestOf<typeof OrderCreate>): Promise<ResponseOf<typeof OrderCreate>> {
    return this.orders.create(req.ctx, req.body);
  }

  @MessagePattern(OrdersList.subject)
  list(@Payload() req: RequestOf<typeof OrdersList>): Promise<ResponseOf<typeof OrdersList>> {
    return this.orders.list(req.ctx, req.query);
  }

  @MessagePattern(OrderGet.subject)
  get(@Payload() req: RequestOf<typeof OrderGet>): Promise<ResponseOf<typeof OrderGet>> {
    return this.orders.get(req.ctx, req.params.id);
  }

  @MessagePattern(OrderCancel.subject)
  cancel(@Payload() req: RequestOf<typeof OrderCancel>): Promise<ResponseOf<typeof OrderCancel>> {
    return this.orders.cancel(req.ctx, req.params.id);
  }
}
