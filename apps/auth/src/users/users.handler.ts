import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { AuthChangePassword, AuthDeleteAccount, AuthMe, AuthRegister, AuthUpdateProfile, RequestOf, ResponseOf } from '@sf/contracts';
import { UsersService } from './users.service';

@Controller()
export class UsersHandler {
  constructor(private readonly users: UsersService) {}

  @MessagePattern(AuthRegister.subject)
  register(@Payload() req: RequestOf<typeof AuthRegister>): Promise<ResponseOf<typeof AuthRegister>> {
    return this.users.register(req.ctx, req.body);
  }

  /** Also answers GET /api/settings/profile, which shares the subject. */
  @MessagePattern(AuthMe.subject)
  me(@Payload() req: RequestOf<typeof AuthMe>): Promise<ResponseOf<typeof AuthMe>> {
    return this.users.me(req.ctx);
  }

  @MessagePattern(AuthUpdateProfile.subject)
  updateProfile(@Payload() req: RequestOf<typeof AuthUpdateProfile>): Promise<ResponseOf<typeof AuthUpdateProfile>> {
    return this.users.updateProfile(req.ctx, req.body);
  }

  @MessagePattern(AuthChangePassword.subject)
  changePassword(@Payload() req: RequestOf<typeof AuthChangePassword>): Promise<ResponseOf<typeof AuthChangePassword>> {
    return this.users.changePassword(req.ctx, req.body);
  }

  @MessagePattern(AuthDeleteAccount.subject)
  deleteAccount(@Payload() req: RequestOf<typeof AuthDeleteAccount>): Promise<void> {
    return this.users.deleteAccount(req.ctx, req.body);
  }
}
