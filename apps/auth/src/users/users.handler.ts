import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  AuthChangePassword,
  AuthDeleteAccount,
  AuthMe,
  AuthRegister,
  AuthSubjects,
  AuthUpdateProfile,
  RequestOf,
  ResponseOf,
  ROLES,
  SetRolesRequest,
  UserView,
} from '@sf/contracts';
import { ValidationFailed } from '@sf/errors';
import { UsersService } from './users.service';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

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

  /** Internal: other services grant or withdraw roles. */
  @MessagePattern(AuthSubjects.setRoles)
  setRoles(@Payload() req: SetRolesRequest): Promise<UserView> {
    const known = Array.isArray(req.roles) && req.roles.every((r) => (ROLES as readonly string[]).includes(r));
    if (typeof req.user_id !== 'string' || !UUID.test(req.user_id) || !known)
      throw new ValidationFailed({ roles: ['must be a list of known roles'] });
    return this.users.setRoles(req.user_id, req.roles);
  }

  @MessagePattern(AuthDeleteAccount.subject)
  deleteAccount(@Payload() req: RequestOf<typeof AuthDeleteAccount>): Promise<void> {
    return this.users.deleteAccount(req.ctx, req.body);
  }
}
