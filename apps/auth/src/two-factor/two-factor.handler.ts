import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import {
  AuthBackupCodesStatus,
  AuthRegenerateBackupCodes,
  AuthTwoFactorDisable,
  AuthTwoFactorSetup,
  AuthTwoFactorVerify,
  RequestOf,
  ResponseOf,
} from '@sf/contracts';
import { Handles } from '@sf/messaging';
import { TwoFactorService } from './two-factor.service';

@Controller()
export class TwoFactorHandler {
  constructor(private readonly twoFactor: TwoFactorService) {}

  @Handles(AuthTwoFactorSetup)
  setup(@Payload() req: RequestOf<typeof AuthTwoFactorSetup>): Promise<ResponseOf<typeof AuthTwoFactorSetup>> {
    return this.twoFactor.setup(req.ctx);
  }

  @Handles(AuthTwoFactorVerify)
  verify(@Payload() req: RequestOf<typeof AuthTwoFactorVerify>): Promise<ResponseOf<typeof AuthTwoFactorVerify>> {
    return this.twoFactor.verify(req.ctx, req.body.code);
  }

  @Handles(AuthTwoFactorDisable)
  disable(@Payload() req: RequestOf<typeof AuthTwoFactorDisable>): Promise<ResponseOf<typeof AuthTwoFactorDisable>> {
    return this.twoFactor.disable(req.ctx, req.body.code);
  }

  @Handles(AuthBackupCodesStatus)
  backupCodesStatus(@Payload() req: RequestOf<typeof AuthBackupCodesStatus>): Promise<ResponseOf<typeof AuthBackupCodesStatus>> {
    return this.twoFactor.backupCodesStatus(req.ctx);
  }

  @Handles(AuthRegenerateBackupCodes)
  regenerate(@Payload() req: RequestOf<typeof AuthRegenerateBackupCodes>): Promise<ResponseOf<typeof AuthRegenerateBackupCodes>> {
    return this.twoFactor.regenerateBackupCodes(req.ctx, req.body.code);
  }
}
