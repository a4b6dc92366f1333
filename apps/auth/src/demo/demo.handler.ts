import { Controller } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import { AuthSubjects, ResolvedCredential } from '@sf/contracts';
import { DemoService } from './demo.service';

@Controller()
export class DemoHandler {
  constructor(private readonly demo: DemoService) {}

  @MessagePattern(AuthSubjects.resolveDemo)
  resolve(): Promise<ResolvedCredential> {
    return this.demo.resolve();
  }
}
