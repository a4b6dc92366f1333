import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { AuthCompletePasswordReset, AuthRequestPasswordReset, PasswordResetParams, RequestOf, ResponseOf } from '@sf/contracts';
import { Handles } from '@sf/messaging';
import { PasswordResetService } from './password-reset.service';

@Controller()
export class PasswordResetHandler {
  constructor(private readonly passwordReset: PasswordResetService) {}

  @Handles(AuthRequestPasswordReset)
  request(@Payload() req: RequestOf<typeof AuthRequestPasswordReset>): Promise<ResponseOf<typeof AuthRequestPasswordReset>> {
    return this.passwordReset.request(req.ctx, req.body.email);
  }

  @Handles(AuthCompletePasswordReset)
  complete(@Payload() req: RequestOf<typeof AuthCompletePasswordReset>): Promise<ResponseOf<typeof AuthCompletePasswordReset>> {
    const params = req.params as unknown as PasswordResetParams;
    return this.passwordReset.complete(req.ctx, params.token, req.body.password);
  }
}
