import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { PaymentPlans, PaymentProduct, PaymentProducts, RequestOf, ResponseOf } from '@sf/contracts';
import { CatalogueService } from './catalogue.service';

@Controller()
export class CatalogueHandler {
  constructor(private readonly catalogue: CatalogueService) {}

  @MessagePattern(PaymentPlans.subject)
  plans(): Promise<ResponseOf<typeof PaymentPlans>> {
    return this.catalogue.plans();
  }

  @MessagePattern(PaymentProducts.subject)
  products(): Promise<ResponseOf<typeof PaymentProducts>> {
    return this.catalogue.products();
  }

  @MessagePattern(PaymentProduct.subject)
  product(@Payload() req: RequestOf<typeof PaymentProduct> & { params: { id: number } }): Promise<ResponseOf<typeof PaymentProduct>> {
    return this.catalogue.product(Number(req.params.id));
  }
}
