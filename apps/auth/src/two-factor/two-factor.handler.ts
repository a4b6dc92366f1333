import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  AuthBackupCodesStatus,
  AuthRegenerateBackupCodes,
  AuthTwoFactorDisable,
  AuthTwoFactorSetup,
  AuthTwoFactorVerify,
  RequestOf,
  ResponseOf,
} from '@sf/contracts';
import { TwoFactorService } from './two-factor.service';

@Controller()
export class TwoFactorHandler {
  constructor(private readonly twoFactor: TwoFactorService) {}

  @MessagePattern(AuthTwoFactorSetup.subject)
  setup(@Payload() req: RequestOf<typeof AuthTwoFactorSetup>): Promise<ResponseOf<typeof AuthTwoFactorSetup>> {
    return this.twoFactor.setup(req.ctx);
  }

  @MessagePattern(AuthTwoFactorVerify.subject)
  verify(@Payload() req: RequestOf<typeof AuthTwoFactorVerify>): Promise<ResponseOf<typeof AuthTwoFactorVerify>> {
    return this.twoFactor.verify(req.ctx, req.body.code);
  }

  @MessagePattern(AuthTwoFactorDisable.subject)
  disable(@Payload() req: RequestOf<typeof AuthTwoFactorDisable>): Promise<ResponseOf<typeof AuthTwoFactorDisable>> {
    return this.twoFactor.disable(req.ctx, req.body.code);
  }

  @MessagePattern(AuthBackupCodesStatus.subject)
  backupCodesStatus(@Payload() req: RequestOf<typeof AuthBackupCodesStatus>): Promise<ResponseOf<typeof AuthBackupCodesStatus>> {
    return this.twoFactor.backupCodesStatus(req.ctx);
  }

  @MessagePattern(AuthRegenerateBackupCodes.subject)
  regenerate(@Payload() req: RequestOf<typeof AuthRegenerateBackupCodes>): Promise<ResponseOf<typeof AuthRegenerateBackupCodes>> {
    return this.twoFactor.regenerateBackupCodes(req.ctx, req.body.code);
  }
}
