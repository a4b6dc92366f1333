import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { OrderCancel, OrderCreate, OrderGet, OrdersList, RequestOf, ResponseOf } from '@sf/contracts';
import { Handles } from '@sf/messaging';
import { OrdersService } from './orders.service';

@Controller()
export class OrdersHandler {
  constructor(private readonly orders: OrdersService) {}

  @Handles(OrderCreate)
  create(@Payload() req: RequestOf<typeof OrderCreate>): Promise<ResponseOf<typeof OrderCreate>> {
    return this.orders.create(req.ctx, req.body);
  }

  @Handles(OrdersList)
  list(@Payload() req: RequestOf<typeof OrdersList>): Promise<ResponseOf<typeof OrdersList>> {
    return this.orders.list(req.ctx, req.query);
  }

  @Handles(OrderGet)
  get(@Payload() req: RequestOf<typeof OrderGet>): Promise<ResponseOf<typeof OrderGet>> {
    return this.orders.get(req.ctx, req.params.id);
  }

  @Handles(OrderCancel)
  cancel(@Payload() req: RequestOf<typeof OrderCancel>): Promise<ResponseOf<typeof OrderCancel>> {
    return this.orders.cancel(req.ctx, req.params.id);
  }
}
