import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { AuthResolveDemo, InternalRequestOf, InternalResponseOf } from '@sf/contracts';
import { Handles } from '@sf/messaging';
import { DemoService } from './demo.service';

@Controller()
export class DemoHandler {
  constructor(private readonly demo: DemoService) {}

  @Handles(AuthResolveDemo)
  resolve(@Payload() _req: InternalRequestOf<typeof AuthResolveDemo>): Promise<InternalResponseOf<typeof AuthResolveDemo>> {
    return this.demo.resolve();
  }
}
