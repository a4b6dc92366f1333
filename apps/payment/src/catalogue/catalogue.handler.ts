import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { PaymentPlans, PaymentProduct, PaymentProducts, RequestOf, ResponseOf } from '@sf/contracts';
import { Handles } from '@sf/messaging';
import { CatalogueService } from './catalogue.service';

@Controller()
export class CatalogueHandler {
  constructor(private readonly catalogue: CatalogueService) {}

  @Handles(PaymentPlans)
  plans(): Promise<ResponseOf<typeof PaymentPlans>> {
    return this.catalogue.plans();
  }

  @Handles(PaymentProducts)
  products(): Promise<ResponseOf<typeof PaymentProducts>> {
    return this.catalogue.products();
  }

  @Handles(PaymentProduct)
  product(@Payload() req: RequestOf<typeof PaymentProduct> & { params: { id: number } }): Promise<ResponseOf<typeof PaymentProduct>> {
    return this.catalogue.product(Number(req.params.id));
  }
}
