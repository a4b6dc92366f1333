import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import {
  AdminUserActivities,
  AdminUserBan,
  AdminUserDeactivate,
  AdminUserGet,
  AdminUserImpersonate,
  AdminUserList,
  AdminUserSetRole,
  AdminUserSubscriptions,
  AdminUserUpdate,
  RequestOf,
  ResponseOf,
} from '@sf/contracts';
import { Handles } from '@sf/messaging';
import { UsersService } from './users.service';

@Controller()
export class UsersHandler {
  constructor(private readonly users: UsersService) {}

  @Handles(AdminUserList)
  list(@Payload() req: RequestOf<typeof AdminUserList>): Promise<ResponseOf<typeof AdminUserList>> {
    return this.users.list(req.ctx, req.query);
  }

  @Handles(AdminUserGet)
  get(@Payload() req: RequestOf<typeof AdminUserGet>): Promise<ResponseOf<typeof AdminUserGet>> {
    return this.users.get(req.ctx, req.params.id);
  }

  @Handles(AdminUserUpdate)
  update(@Payload() req: RequestOf<typeof AdminUserUpdate>): Promise<ResponseOf<typeof AdminUserUpdate>> {
    return this.users.update(req.ctx, req.params.id, req.body);
  }

  @Handles(AdminUserDeactivate)
  deactivate(@Payload() req: RequestOf<typeof AdminUserDeactivate>): Promise<void> {
    return this.users.deactivate(req.ctx, req.params.id);
  }

  @Handles(AdminUserSetRole)
  setRole(@Payload() req: RequestOf<typeof AdminUserSetRole>): Promise<ResponseOf<typeof AdminUserSetRole>> {
    return this.users.setRole(req.ctx, req.params.id, req.body);
  }

  @Handles(AdminUserBan)
  ban(@Payload() req: RequestOf<typeof AdminUserBan>): Promise<ResponseOf<typeof AdminUserBan>> {
    return this.users.ban(req.ctx, req.params.id, req.body);
  }

  @Handles(AdminUserImpersonate)
  impersonate(@Payload() req: RequestOf<typeof AdminUserImpersonate>): Promise<ResponseOf<typeof AdminUserImpersonate>> {
    return this.users.impersonate(req.ctx, req.params.id);
  }

  @Handles(AdminUserActivities)
  activities(@Payload() req: RequestOf<typeof AdminUserActivities>): Promise<ResponseOf<typeof AdminUserActivities>> {
    return this.users.activities(req.ctx, req.params.id, req.query);
  }

  @Handles(AdminUserSubscriptions)
  subscriptions(@Payload() req: RequestOf<typeof AdminUserSubscriptions>): Promise<ResponseOf<typeof AdminUserSubscriptions>> {
    return this.users.subscriptions(req.ctx, req.params.id);
  }
}
