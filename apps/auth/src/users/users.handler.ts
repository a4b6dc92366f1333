import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import {
  AuthAdminUpdateUser,
  AuthChangeAccess,
  AuthImpersonate,
  AuthChangePassword,
  AuthDeleteAccount,
  AuthMe,
  AuthRegister,
  AuthSetRoles,
  AuthUpdateProfile,
  RequestOf,
  ResponseOf,
  InternalRequestOf,
  InternalResponseOf,
  SettingsProfile,
} from '@sf/contracts';
import { Handles } from '@sf/messaging';
import { UsersService } from './users.service';

@Controller()
export class UsersHandler {
  constructor(private readonly users: UsersService) {}

  @Handles(AuthRegister)
  register(@Payload() req: RequestOf<typeof AuthRegister>): Promise<ResponseOf<typeof AuthRegister>> {
    return this.users.register(req.ctx, req.body);
  }

  @Handles(AuthMe)
  me(@Payload() req: RequestOf<typeof AuthMe>): Promise<ResponseOf<typeof AuthMe>> {
    return this.users.me(req.ctx);
  }

  @Handles(SettingsProfile)
  profile(@Payload() req: RequestOf<typeof SettingsProfile>): Promise<ResponseOf<typeof SettingsProfile>> {
    return this.users.me(req.ctx);
  }

  @Handles(AuthUpdateProfile)
  updateProfile(@Payload() req: RequestOf<typeof AuthUpdateProfile>): Promise<ResponseOf<typeof AuthUpdateProfile>> {
    return this.users.updateProfile(req.ctx, req.body);
  }

  @Handles(AuthChangePassword)
  changePassword(@Payload() req: RequestOf<typeof AuthChangePassword>): Promise<ResponseOf<typeof AuthChangePassword>> {
    return this.users.changePassword(req.ctx, req.body);
  }

  /** Internal: other services grant or withdraw roles. */
  @Handles(AuthSetRoles)
  setRoles(@Payload() req: InternalRequestOf<typeof AuthSetRoles>): Promise<InternalResponseOf<typeof AuthSetRoles>> {
    return this.users.setRoles(req.body.user_id, req.body.roles);
  }

  /** Internal: admin's RBAC changes roles and permission overrides. */
  @Handles(AuthChangeAccess)
  changeAccess(@Payload() req: InternalRequestOf<typeof AuthChangeAccess>): Promise<InternalResponseOf<typeof AuthChangeAccess>> {
    return this.users.changeAccess(req.body);
  }

  /** Internal: admin renames, bans, deactivates or reactivates an account. */
  @Handles(AuthAdminUpdateUser)
  adminUpdate(@Payload() req: InternalRequestOf<typeof AuthAdminUpdateUser>): Promise<InternalResponseOf<typeof AuthAdminUpdateUser>> {
    return this.users.adminUpdate(req.body);
  }

  /** Internal: admin's impersonation token. */
  @Handles(AuthImpersonate)
  impersonate(@Payload() req: InternalRequestOf<typeof AuthImpersonate>): Promise<InternalResponseOf<typeof AuthImpersonate>> {
    return this.users.impersonate(req.ctx, req.body);
  }

  @Handles(AuthDeleteAccount)
  deleteAccount(@Payload() req: RequestOf<typeof AuthDeleteAccount>): Promise<void> {
    return this.users.deleteAccount(req.ctx, req.body);
  }
}
