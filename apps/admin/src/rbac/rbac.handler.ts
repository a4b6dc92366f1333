import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import {
  RbacAccessReport,
  RbacPermissionList,
  RbacRoleCreate,
  RbacRoleDelete,
  RbacRoleGet,
  RbacRoleList,
  RbacRoleUpdate,
  RbacUserPermissionOverride,
  RbacUserPermissions,
  RbacUserRoleAssign,
  RbacUserRoleRemove,
  RbacUserRoles,
  RequestOf,
  ResponseOf,
} from '@sf/contracts';
import { Handles } from '@sf/messaging';
import { RolesService } from './roles.service';
import { UserAccessService } from './user-access.service';

@Controller()
export class RbacHandler {
  constructor(
    private readonly roles: RolesService,
    private readonly users: UserAccessService,
  ) {}

  @Handles(RbacRoleList)
  listRoles(@Payload() req: RequestOf<typeof RbacRoleList>): Promise<ResponseOf<typeof RbacRoleList>> {
    return this.roles.list(req.ctx, req.query);
  }

  @Handles(RbacRoleCreate)
  createRole(@Payload() req: RequestOf<typeof RbacRoleCreate>): Promise<ResponseOf<typeof RbacRoleCreate>> {
    return this.roles.create(req.ctx, req.body);
  }

  @Handles(RbacRoleGet)
  getRole(@Payload() req: RequestOf<typeof RbacRoleGet>): Promise<ResponseOf<typeof RbacRoleGet>> {
    return this.roles.get(req.ctx, req.params.id);
  }

  @Handles(RbacRoleUpdate)
  updateRole(@Payload() req: RequestOf<typeof RbacRoleUpdate>): Promise<ResponseOf<typeof RbacRoleUpdate>> {
    return this.roles.update(req.ctx, req.params.id, req.body);
  }

  @Handles(RbacRoleDelete)
  deleteRole(@Payload() req: RequestOf<typeof RbacRoleDelete>): Promise<void> {
    return this.roles.delete(req.ctx, req.params.id);
  }

  @Handles(RbacPermissionList)
  permissions(): Promise<ResponseOf<typeof RbacPermissionList>> {
    return Promise.resolve(this.roles.permissions());
  }

  @Handles(RbacUserRoles)
  userRoles(@Payload() req: RequestOf<typeof RbacUserRoles>): Promise<ResponseOf<typeof RbacUserRoles>> {
    return this.users.roles(req.ctx, req.params.id);
  }

  @Handles(RbacUserRoleAssign)
  assign(@Payload() req: RequestOf<typeof RbacUserRoleAssign>): Promise<ResponseOf<typeof RbacUserRoleAssign>> {
    return this.users.assign(req.ctx, req.params.id, req.body);
  }

  @Handles(RbacUserRoleRemove)
  remove(@Payload() req: RequestOf<typeof RbacUserRoleRemove>): Promise<void> {
    return this.users.remove(req.ctx, req.params.id, req.params.role_id);
  }

  @Handles(RbacUserPermissions)
  userPermissions(@Payload() req: RequestOf<typeof RbacUserPermissions>): Promise<ResponseOf<typeof RbacUserPermissions>> {
    return this.users.permissions(req.ctx, req.params.id);
  }

  @Handles(RbacUserPermissionOverride)
  override(@Payload() req: RequestOf<typeof RbacUserPermissionOverride>): Promise<ResponseOf<typeof RbacUserPermissionOverride>> {
    return this.users.override(req.ctx, req.params.id, req.body);
  }

  @Handles(RbacAccessReport)
  accessReport(@Payload() req: RequestOf<typeof RbacAccessReport>): Promise<ResponseOf<typeof RbacAccessReport>> {
    return this.users.report(req.ctx, req.query);
  }
}
