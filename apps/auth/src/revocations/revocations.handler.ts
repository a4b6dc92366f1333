import { Controller } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import { ActiveRevocationsView, AuthSubjects } from '@sf/contracts';
import { RevocationsService } from './revocations.service';

@Controller()
export class RevocationsHandler {
  constructor(private readonly revocations: RevocationsService) {}

  @MessagePattern(AuthSubjects.activeRevocations)
  active(): Promise<ActiveRevocationsView> {
    return this.revocations.active();
  }
}
